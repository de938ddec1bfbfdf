import { memo, useMemo } from 'react'
import { webLinkRel, type Entities } from '@parloir/protocol'
import { Link } from '../../router.tsx'
import { segmentText } from './links.ts'

/**
 * Message text as React elements: links, @mentions and #hashtags from the server's entities,
 * everything else as text nodes. Never HTML: no markup in a message can reach the DOM.
 */
export const RichText = memo(function RichText({ text, entities }: { text: string; entities: Entities }) {
  const segments = useMemo(() => segmentText(text, entities), [text, entities])
  return (
    <>
      {segments.map((segment, i) => {
        switch (segment.kind) {
          case 'text':
            return <span key={i}>{segment.text}</span>
          case 'link':
            return <a key={i} href={segment.href} target="_blank" rel={webLinkRel}>{segment.text}</a>
          case 'mention':
            return <Link key={i} to={`/@${segment.handle}`} className="msg-mention">{segment.text}</Link>
          case 'hashtag':
            return <span key={i} className="msg-hashtag">{segment.text}</span>
        }
      })}
    </>
  )
})
