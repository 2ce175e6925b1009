# Varnish in front of Kiosque's `kiosque serve` processes (deploy/varnish/README.md).
#
# - Shared pages (they carry `xkey`) are kept until Kiosque purges them by key: every change
#   announces the keys of the pages it touches, and Kiosque sends them here
#   (`PURGE` with `xkey-purge: article:42 topic:17`, from KIOSQUE_PURGE_URLS).
# - Members' requests (session cookie) and readers with a message waiting (messages cookie)
#   always go to the application: their pages are their own.
# - One copy per encoding the application stores (brotli, gzip, none).
# - `X-Cache: HIT | MISS | PASS` says what Varnish did.
vcl 4.1;

import directors;
import std;
import xkey;

# A static file: answered by WhiteNoise from memory, before any view, template or query.
# `X-Forwarded-Proto: https` so that SECURE_SSL_REDIRECT does not answer 301.
probe kiosque_alive {
    .request =
        "HEAD /static/kiosque/css/kiosque.css HTTP/1.1"
        "Host: localhost"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

# The application processes: one backend each, added to the director in vcl_init.
backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = kiosque_alive;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = kiosque_alive;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

# Who may purge: the application servers (KIOSQUE_PURGE_URLS points here). Add their addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    unset req.http.X-Cache;
    unset req.http.X-Encoding;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # A hard purge: the next reader gets the page as it is now, never the old one.
        set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.xkey-purged));
    }

    # A member's page is their own, and so is a page with a message waiting (Django's
    # SESSION_COOKIE_NAME and the messages framework's cookie): never cached.
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|messages)=") {
        return (pass);
    }

    if (req.method == "GET" || req.method == "HEAD") {
        # Nothing else a reader's browser holds (the CSRF cookie, a tracker's) changes a shared
        # page: without it, readers share one copy.
        unset req.http.Cookie;
        # One copy per form the application stores, chosen as it chooses (br, then gzip).
        # Varnish rewrites Accept-Encoding after vcl_recv for its own gzip handling, which
        # knows nothing of brotli: the form is kept in X-Encoding, hashed (vcl_hash) and asked
        # of the application (vcl_backend_fetch).
        if (req.http.Accept-Encoding ~ "(?i)(^|,)\s*br\s*(;\s*q\s*=\s*(1(\.0*)?|0?\.[0-9]*[1-9][0-9]*)\s*)?(,|$)") {
            set req.http.X-Encoding = "br";
        } else if (req.http.Accept-Encoding ~ "(?i)(^|,)\s*(gzip|\*)\s*(;\s*q\s*=\s*(1(\.0*)?|0?\.[0-9]*[1-9][0-9]*)\s*)?(,|$)") {
            set req.http.X-Encoding = "gzip";
        } else {
            set req.http.X-Encoding = "identity";
        }
        if (req.http.X-Encoding == "identity") {
            unset req.http.Accept-Encoding;
        } else {
            set req.http.Accept-Encoding = req.http.X-Encoding;
        }
        # While the application answers, a page past its time is served stale only briefly
        # (while Varnish fetches the new one); when no process answers, for hours.
        if (std.healthy(req.backend_hint)) {
            set req.grace = 10s;
        }
    }
    # Everything else (POST, other methods, Authorization) as Varnish's built-in rules say:
    # passed to the application.
}

sub vcl_hash {
    if (req.http.X-Encoding) {
        hash_data(req.http.X-Encoding);
    }
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_fetch {
    # Ask for the form this object holds (Varnish itself would ask for gzip).
    if (bereq.http.X-Encoding == "identity") {
        unset bereq.http.Accept-Encoding;
    } else if (bereq.http.X-Encoding) {
        set bereq.http.Accept-Encoding = bereq.http.X-Encoding;
    }
    unset bereq.http.X-Encoding;
    unset bereq.http.X-Cache;
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # A member's page, a form with its CSRF cookie: never kept (remembered as such for two
    # minutes, so that requests for it do not wait for each other).
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(?i)(private|no-cache|no-store)") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.xkey) {
        # A shared page: every change purges it by key. When Kiosque purges this Varnish
        # (KIOSQUE_PURGE_URLS), it says in Surrogate-Control how long the page stays true
        # without any change (until the next scheduled release, or the page cache's TTL);
        # otherwise the short s-maxage meant for caches that nobody purges applies.
        if (beresp.http.Surrogate-Control ~ "(?i)(^|,)\s*max-age=[0-9]+") {
            set beresp.ttl = std.duration(
                regsub(beresp.http.Surrogate-Control, "(?i)^(.*,)?\s*max-age=([0-9]+).*$", "\2s"),
                0s);
            if (beresp.ttl > 1d) {
                set beresp.ttl = 1d;
            }
        }
        set beresp.grace = 6h;
        return (deliver);
    }
    # Anything else is kept only when the application says for how long (static files,
    # media); a 404, a redirect or a feed without Cache-Control is not.
    if (beresp.http.Cache-Control !~ "(?i)(s-maxage|max-age)\s*=\s*[1-9]") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache;
    # For this tier only: readers need not see the keys nor the tier's own lifetime.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Surrogate-Control;
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        if (req.http.xkey-purged) {
            set resp.http.xkey-purged = req.http.xkey-purged;
        }
        synthetic(resp.reason + {"
"});
        return (deliver);
    }
}
