import type { Snippet } from '../../../../shared/domain/search';

/** A matched text's snippet: its runs as text, the hits marked. Never HTML, whatever the text holds. */
export function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <>
      {snippet.map((run, i) => (run.hit ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>))}
    </>
  );
}
