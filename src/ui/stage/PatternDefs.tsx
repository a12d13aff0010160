// SVG patterns for the memory types (palette.ts): solid cached, striped write-combine,
// crosshatched uncached. Referenced as url(#mt-<memtype>) by marks, ribbons and the legend.
import type { MemType } from '../../model';
import { MEMTYPE_STYLE } from '../theme/palette';

export const patternId = (m: MemType): string => `mt-${m}`;

export function PatternDefs() {
  const wc = MEMTYPE_STYLE['write-combine'].color;
  const uc = MEMTYPE_STYLE.uncached.color;
  return (
    <defs>
      <pattern id={patternId('cached')} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill={MEMTYPE_STYLE.cached.color} />
      </pattern>
      <pattern
        id={patternId('write-combine')}
        width="6"
        height="6"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="6" height="6" fill={wc} fillOpacity="0.55" />
        <rect width="3" height="6" fill={wc} />
      </pattern>
      <pattern id={patternId('uncached')} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill={uc} fillOpacity="0.5" />
        <path d="M0 0L6 6M6 0L0 6" stroke={uc} strokeWidth="1.6" />
      </pattern>
    </defs>
  );
}

export const memFill = (m: MemType | null): string =>
  m ? `url(#${patternId(m)})` : 'var(--device-ribbon, #8a8f98)';
