/** A small conversation task (a branch at turn 4), shared by the conversation tests. */
export const CHAT = {
  id: 'c1',
  type: 'conversation',
  domain: 'general',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is 2+2?' },
    { role: 'assistant', content: '4.' },
    { role: 'user', content: 'And times 3?' },
    {
      role: 'assistant',
      alternatives: [
        { id: 'a', text: '12.' },
        { id: 'b', text: '10.' },
      ],
      continuesFrom: 'b',
    },
    { role: 'user', content: 'Thanks' },
    { role: 'assistant', content: 'You are welcome.' },
  ],
};
