import type { ChatMessage } from '../../../../src/domain/tasks.js';
import { Markdown } from '../../components/Markdown.js';

/** Earlier turns of a conversation, oldest first. */
export function Conversation({ messages, title = 'Earlier in the conversation' }: { messages?: ChatMessage[]; title?: string }) {
  if (!messages || messages.length === 0) return null;
  return (
    <details className="conversation" open={messages.length <= 4}>
      <summary>
        {title} ({messages.length} {messages.length === 1 ? 'message' : 'messages'})
      </summary>
      <ol>
        {messages.map((m, i) => (
          <li key={i} className={`turn turn-${m.role}`}>
            <span className="role">{m.role}</span>
            <Markdown text={m.content} />
          </li>
        ))}
      </ol>
    </details>
  );
}

export function Prompt({ text, context, label = 'Prompt' }: { text: string; context?: ChatMessage[]; label?: string }) {
  return (
    <section className="prompt" aria-label={label}>
      <Conversation messages={context} />
      <h2 className="section-title">{label}</h2>
      <Markdown text={text} className="prompt-text" />
    </section>
  );
}
