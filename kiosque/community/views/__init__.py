"""The forum's views, by what they do: `reading` (the shared reading pages), `composing` (the
views that write), `composers` (the pages holding a composer, drafts, an expired form),
`members` (likes, notifications), `shared` (refusals and what every view needs)."""
