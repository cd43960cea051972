package io.guestlink.app.camel;

/**
 * The console's session cookie: its name, how it is read from a Cookie header, and the Set-Cookie values that open and
 * end it. HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/ and, when the server
 * speaks TLS, Secure. No Max-Age: the browser forgets it when it closes; the server forgets it when idle.
 */
final class SessionCookie {
    static final String NAME = "guestlink_session";

    private SessionCookie() {
    }

    /** The session id in a Cookie header, or null. */
    static String read(String cookieHeader) {
        if (cookieHeader == null) return null;
        for (String part : cookieHeader.split(";")) {
            String p = part.strip();
            if (p.startsWith(NAME + "=")) {
                String v = p.substring(NAME.length() + 1).strip();
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    static String open(String sessionId, boolean secure) {
        return NAME + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String end(boolean secure) {
        return NAME + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "");
    }
}
