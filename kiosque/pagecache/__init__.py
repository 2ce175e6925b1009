"""The page cache: shared pages rendered once, served from memory, dropped on announcement.

`shared.py` is what views call, `store.py` where pages wait, `http.py` how they answer,
`fastpath.py` the ASGI layer serving anonymous readers before Django, `personal.py` the
members' own parts spliced into a shared page.
"""
