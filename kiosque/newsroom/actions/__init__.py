"""Every write to the newsroom has its home in this package, one module per concern (as
Zulip's `zerver/actions/`): `articles` (writing and the workflow), `revisions`, `previews`
(links for readers without an account), `corrections` (corrections, update notes, readers'
error reports), `stories`, `pages` (the site's own pages). The desk, the admin, `kiosque demo`,
the worker and tests call them. The article workflow is re-exported here."""

from .articles import (
    EditConflict,
    announce_article,
    check_publishable,
    delete_listing,
    ensure_discussion_topic,
    publish_article,
    release_due_articles,
    render_article,
    retire_slug,
    return_to_draft,
    save_article,
    save_listing,
    schedule_article,
    submit_for_review,
    sync_discussion_topic,
    unpublish_article,
)

__all__ = [
    "EditConflict",
    "announce_article",
    "check_publishable",
    "delete_listing",
    "ensure_discussion_topic",
    "publish_article",
    "release_due_articles",
    "render_article",
    "retire_slug",
    "return_to_draft",
    "save_article",
    "save_listing",
    "schedule_article",
    "submit_for_review",
    "sync_discussion_topic",
    "unpublish_article",
]
