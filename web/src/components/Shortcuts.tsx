/** The keyboard shortcuts of the current view, always on screen. */
export interface Shortcut {
  keys: string[];
  label: string;
}

export function Kbd({ children }: { children: string }) {
  return <kbd>{children}</kbd>;
}

export function ShortcutList({ shortcuts }: { shortcuts: Shortcut[] }) {
  return (
    <section className="shortcuts" aria-label="Keyboard shortcuts">
      <h2 className="visually-hidden">Keyboard shortcuts</h2>
      <ul>
        {shortcuts.map((s) => (
          <li key={s.label}>
            {s.keys.map((k, i) => (
              <span key={k}>
                {i > 0 && <span className="kbd-sep">/</span>}
                <Kbd>{k}</Kbd>
              </span>
            ))}
            <span className="shortcut-label">{s.label}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
