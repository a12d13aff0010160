// The stage's legend: one swatch per memory type (colour and pattern, as on the ribbons) and per
// page kind (as on the page map).
import type { MemType, PageKind } from '../../model';
import { MEMTYPE_STYLE, PAGE_KIND_STYLE } from '../theme/palette';
import { regionColor } from './LaneCanvas';
import { memFill } from './PatternDefs';

const MEMTYPES: readonly MemType[] = ['cached', 'write-combine', 'uncached'];
const KINDS: readonly PageKind[] = [
  'free',
  'kernel',
  'buffer',
  'cma-free',
  'pool-free',
  'swiotlb',
  'fragment',
];

export function Legend({ dark }: { dark: boolean }) {
  return (
    <ul className="stage-legend" aria-label="Legend">
      {MEMTYPES.map((m) => (
        <li key={m} title={MEMTYPE_STYLE[m].description}>
          <svg width="22" height="14" aria-hidden="true">
            <rect width="22" height="14" fill={memFill(m)} />
          </svg>
          {MEMTYPE_STYLE[m].label}
        </li>
      ))}
      <li>
        <svg width="22" height="14" aria-hidden="true">
          <rect width="22" height="14" fill={memFill(null)} fillOpacity="0.6" />
        </svg>
        device view (DMA address / IOMMU)
      </li>
      <li>
        <svg width="22" height="14" aria-hidden="true">
          <rect
            x="1"
            y="1"
            width="20"
            height="12"
            fill="none"
            stroke="var(--muted, #666)"
            strokeDasharray="2 3"
          />
        </svg>
        empty stretch, cut (not to scale)
      </li>
      {KINDS.map((k) => (
        <li key={k}>
          <svg width="14" height="14" aria-hidden="true">
            <rect
              width="14"
              height="14"
              fill={regionColor(k, '', dark)}
              stroke="var(--muted, #666)"
              strokeWidth="0.5"
            />
          </svg>
          {PAGE_KIND_STYLE[k].label}
        </li>
      ))}
    </ul>
  );
}
