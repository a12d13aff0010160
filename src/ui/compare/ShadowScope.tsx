// Renders its children inside an open shadow root, with copies of the page's stylesheets. Compare
// mode mounts two stages (three with the main one); a stage refers to its SVG patterns and clip
// paths by id (url(#mt-cached), url(#clip-phys)), and ids are scoped per shadow root, so each
// stage finds its own definitions instead of the first one in the document.
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

/** The page's <style> and stylesheet <link> elements, cloned (they are the app's own CSS). */
function cloneStyles(): Node[] {
  if (typeof document === 'undefined') return [];
  return [...document.querySelectorAll('style, link[rel="stylesheet"]')].map((n) => n.cloneNode(true));
}

export function ShadowScope({ className, children }: { className?: string; children: ReactNode }) {
  const host = useRef<HTMLDivElement>(null);
  const [mount, setMount] = useState<HTMLElement | null>(null);
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    root.replaceChildren(...cloneStyles());
    const box = document.createElement('div');
    box.className = 'shadow-scope';
    root.append(box);
    setMount(box);
    return () => {
      box.remove();
      setMount(null);
    };
  }, []);
  return (
    <div ref={host} className={className}>
      {mount && createPortal(children, mount)}
    </div>
  );
}
