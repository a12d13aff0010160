// One term of a description list (the buffer card, the step result, the metrics) whose value is
// named by its term, so getByLabel('DMA address') and getByRole('group', { name: 'DMA address' })
// reach it. A <dd> gets no name from its <dt>, and ARIA does not let a definition be named, so the
// value sits in a named group inside the <dd>.
import { type ReactNode, useId } from 'react';

export function Fact({ term, children }: { term: string; children: ReactNode }) {
  const id = useId();
  return (
    <>
      <dt id={id}>{term}</dt>
      <dd>
        {/* biome-ignore lint/a11y/useSemanticElements: a fieldset is a form control group; this only names a value */}
        <div role="group" aria-labelledby={id} className="fact-value">
          {children}
        </div>
      </dd>
    </>
  );
}
