import type { ChatMessage } from '../../../../src/domain/tasks.js';
import type { ReactNode } from 'react';
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
          <ChatTurn key={i} role={m.role} text={m.content} />
        ))}
      </ol>
    </details>
  );
}

/** One message of a chat: its role and its text (markdown, code and math rendered). */
export function ChatTurn({
  role,
  text,
  className = '',
  children,
}: {
  role: string;
  text?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <li className={`turn turn-${role} ${className}`}>
      <span className="role">{role}</span>
      {text !== undefined && <Markdown text={text} />}
      {children}
    </li>
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
