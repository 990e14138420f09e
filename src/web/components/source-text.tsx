/** Sources of facts: a URL becomes an outside link, a citation in words stays text. */

/** A source that is an https URL becomes a link; a citation in words stays text. */
export function SourceText({ source }: { source: string }) {
  if (/^https:\/\/\S+$/.test(source))
    return (
      <a href={source} target="_blank" rel="noopener noreferrer" className="break">
        {source}
      </a>
    )
  return <>{source}</>
}
