package io.guestlink.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a remote feed's {@code endpoint} (a camel-ftp URI) may say, so that its secrets stay out of the feed file and
 * an SFTP server's host key is always checked: a password comes from {@code passwordEnv} (or a
 * {@code {{env:NAME}}} placeholder), never written in the file; host keys are checked against a known_hosts file
 * GuestLink names, so the endpoint may neither switch the check off nor point somewhere else. Problems name the
 * option, never a secret's value.
 */
public final class RemoteEndpoint {
    /** Query options that carry a secret: only a property placeholder may stand there. */
    private static final List<String> SECRET_OPTIONS = List.of("password", "passphrase", "privatekeypassphrase", "privatekey");
    /** Host-key options GuestLink sets itself (see guestlink.sftp.known-hosts and the feed's knownHosts). */
    private static final List<String> HOST_KEY_OPTIONS = List.of("stricthostkeychecking", "knownhostsfile", "knownhostsuri",
            "knownhosts", "useuserknownhostsfile", "autocreateknownhostsfile");
    private static final Pattern OPTION = Pattern.compile("[?&]([^=&]+)=([^&]*)");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("^[a-zA-Z0-9+.-]+://[^/@?]*:[^/@?]*@");
    /** {{env:NAME}} and {{sysenv:NAME}} in an endpoint: variables the feed names. */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{(?:sys)?env:([A-Za-z0-9_]+)");

    private RemoteEndpoint() {
    }

    /** True for an endpoint Camel's sftp component serves (host keys apply). */
    public static boolean isSftp(String endpoint) {
        return endpoint != null && endpoint.toLowerCase(Locale.ROOT).startsWith("sftp:");
    }

    /** The environment variables an endpoint names through {@code {{env:NAME}}} placeholders. */
    public static List<String> namedVariables(String endpoint) {
        List<String> out = new ArrayList<>();
        if (endpoint == null) return out;
        Matcher m = ENV_PLACEHOLDER.matcher(endpoint);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static List<String> problems(String endpoint, String passwordEnv, String knownHosts) {
        List<String> out = new ArrayList<>();
        if (endpoint == null) {
            if (passwordEnv != null) out.add("passwordEnv: only for a feed with an endpoint");
            if (knownHosts != null) out.add("knownHosts: only for a feed with an sftp: endpoint");
            return out;
        }
        if (knownHosts != null && !isSftp(endpoint)) out.add("knownHosts: only for a feed with an sftp: endpoint");
        if (passwordEnv != null && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*"))
            out.add("passwordEnv: '" + passwordEnv + "' is not an environment variable name");
        if (USER_INFO_PASSWORD.matcher(endpoint).find())
            out.add("endpoint: a password in user:password@ is never kept in a feed file; give passwordEnv: <VARIABLE>");
        int q = endpoint.indexOf('?');
        if (q < 0) return out;
        Matcher m = OPTION.matcher(endpoint.substring(q));
        while (m.find()) {
            String option = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2).strip();
            if (SECRET_OPTIONS.contains(option)) {
                if (option.equals("password") && passwordEnv != null)
                    out.add("endpoint: password= and passwordEnv both give the password; keep passwordEnv");
                else if (!value.startsWith("{{") && !value.startsWith("RAW({{") && !value.startsWith("RAW{{{"))
                    out.add("endpoint: " + m.group(1) + "= holds a secret written in the feed file; give passwordEnv: "
                            + "<VARIABLE> (or " + m.group(1) + "=RAW({{env:VARIABLE}})) and set it in the environment");
            } else if (HOST_KEY_OPTIONS.contains(option)) {
                out.add("endpoint: " + m.group(1) + "=" + value + ": SFTP host keys are always checked against a "
                        + "known_hosts file; name it with the feed's knownHosts or guestlink.sftp.known-hosts (docs/feeds.md)");
            }
        }
        return out;
    }
}
