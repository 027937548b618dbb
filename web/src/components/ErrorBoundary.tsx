import { Component, type ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage.js';

/** Catches render errors so a bug in one panel shows a message instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: unknown }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: unknown) {
    console.error('tutorloop: a view failed to render', error);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="panel">
          <ErrorMessage error={this.state.error} doing="show this page" onRetry={() => this.setState({ error: null })} />
          <p>
            <a href="/">Back to the home page</a>
          </p>
        </div>
      );
    }
    return this.props.children;
  }
}
