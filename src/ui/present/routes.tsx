// Which root the page renders: the app, an embed, or the speaker's notes window.
import type { ComponentType } from 'react';
import { EmbedApp } from './EmbedApp';
import { SpeakerView } from './SpeakerView';
import { pageViewOf } from './urlFlags';

export function rootFor(search: string, App: ComponentType): ComponentType {
  const view = pageViewOf(search);
  if (view.kind === 'embed') return EmbedApp;
  if (view.kind === 'speaker') return () => <SpeakerView channel={view.channel} />;
  return App;
}
