export function QualityPlaceholder() {
  return (
    <section className="panel">
      <h1>Quality</h1>
      <p className="muted">Agreement, consensus and tutor reliability arrive with the quality loop.</p>
    </section>
  );
}

export function CostPlaceholder() {
  return (
    <section className="panel">
      <h1>Cost</h1>
      <p className="muted">Cost per quality-adjusted label and tier comparison arrive with the economics issue.</p>
    </section>
  );
}
