// One term of a description list (the buffer card, the step result) whose value is named by its
// term, so getByRole('definition', { name: 'DMA address' }) and getByLabel('DMA address') reach it:
// a <dd> gets no accessible name from its <dt> on its own.
import { type ReactNode, useId } from 'react';

export function Fact({ term, children }: { term: string; children: ReactNode }) {
  const id = useId();
  return (
    <>
      <dt id={id}>{term}</dt>
      <dd aria-labelledby={id}>{children}</dd>
    </>
  );
}
