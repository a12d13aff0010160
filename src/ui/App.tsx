export function App() {
  return (
    <main>
      <h1>dmaviz</h1>
      <p>Linux DMA buffer allocation and mapping, step by step.</p>
    </main>
  );
}
