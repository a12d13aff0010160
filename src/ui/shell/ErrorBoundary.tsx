// Keeps the app alive when one region throws: shows what went wrong and a "Reset view" button
// that remounts the region (and, if asked, clears the selection that may have caused it).
import { Component, type ReactNode } from 'react';

interface Props {
  readonly region: string;
  readonly children: ReactNode;
  readonly onReset?: () => void;
}

interface State {
  readonly error: Error | null;
  readonly generation: number;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    console.warn(`dmaviz: the ${this.props.region} failed and was contained:`, error);
  }

  reset = () => {
    this.props.onReset?.();
    this.setState((s) => ({ error: null, generation: s.generation + 1 }));
  };

  override render() {
    if (this.state.error) {
      return (
        <section className="panel crashed" role="alert" aria-label={`${this.props.region} failed`}>
          <h2>The {this.props.region} hit a problem</h2>
          <p>
            <code>{this.state.error.message}</code>
          </p>
          <p className="muted">The rest of dmaviz still works and your session is saved.</p>
          <button type="button" className="primary" onClick={this.reset}>
            Reset view
          </button>
        </section>
      );
    }
    return <Wrapper key={this.state.generation}>{this.props.children}</Wrapper>;
  }
}

function Wrapper({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
