// The main window's side of the speaker link: after `open`, every change of position is sent to
// the speaker window, which may send stepping commands back.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DmavizStore } from '../store/store';
import { captionOf, nextStepOf, positionOf } from './caption';
import { applyCommand, channelName, readMessage, type SpeakerMessage, type SpeakerState } from './channel';
import { appBaseUrl } from './urlFlags';

export function speakerStateOf(store: DmavizStore, startedAt: number): SpeakerState {
  const s = store.getState();
  return {
    title: s.title,
    position: positionOf(s),
    cursor: s.cursor,
    total: s.history.length,
    notes: captionOf(s),
    next: nextStepOf(s),
    startedAt,
  };
}

/** Opens the speaker window and keeps it in step; returns the opener. */
export function useSpeakerHost(store: DmavizStore): () => void {
  const [id, setId] = useState<string | null>(null);
  const startedAt = useRef(0);

  useEffect(() => {
    if (!id || typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel(channelName(id));
    const send = () =>
      ch.postMessage({
        type: 'state',
        state: speakerStateOf(store, startedAt.current),
      } satisfies SpeakerMessage);
    ch.onmessage = (e) => {
      const m = readMessage(e.data);
      if (m?.type === 'hello') send();
      else if (m?.type === 'cmd') applyCommand(store.getState(), m.cmd);
    };
    send();
    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.cursor !== prev.cursor ||
        s.history !== prev.history ||
        s.narration !== prev.narration ||
        s.title !== prev.title
      )
        send();
    });
    return () => {
      unsubscribe();
      ch.close();
    };
  }, [id, store]);

  return useCallback(() => {
    const channel = id ?? Math.random().toString(36).slice(2, 10);
    if (!id) {
      startedAt.current = Date.now();
      setId(channel);
    }
    window.open(
      `${appBaseUrl(location)}?view=speaker&ch=${channel}`,
      `dmaviz-speaker-${channel}`,
      'popup,width=900,height=640',
    );
  }, [id]);
}
