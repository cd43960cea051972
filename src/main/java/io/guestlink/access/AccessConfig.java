package io.guestlink.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.guestlink.config.ConfigurationException;
import io.guestlink.config.YamlConfig;
import io.guestlink.model.FieldLimit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may use the API (guestlink.http.users, config/users.yaml): people with a password hash and systems with a
 * token hash, each with roles. The file holds no secret that works by itself: passwords are Argon2id hashes
 * ({@code guestlink hash-password}), tokens SHA-256 hashes ({@code guestlink new-token}). The first administrator
 * comes from the environment instead, so a fresh installation has no default password.
 *
 * <pre>
 * users:
 *   - name: maria
 *     roles: [front-desk]
 *     password: "$argon2id$v=19$m=19456,t=2,p=1$..."
 * tokens:
 *   - name: crm-sync
 *     roles: [operator]
 *     sha256: "9f86d0..."
 * </pre>
 */
public record AccessConfig(Map<String, Account> users, Map<String, Account> tokens) {

    /** A user (secret: its password hash) or a token (secret: its SHA-256), with its roles. */
    public record Account(String name, Set<Role> roles, String secretHash, Principal.Kind kind) {
        public Principal principal() {
            return new Principal(name, roles, kind);
        }
    }

    private record Entry(@JsonProperty("name") String name, @JsonProperty("roles") List<String> roles,
                         @JsonProperty("password") String password, @JsonProperty("sha256") String sha256) {
        @JsonCreator
        Entry {
        }
    }

    private record Yaml(@JsonProperty("users") List<Entry> users, @JsonProperty("tokens") List<Entry> tokens) {
        @JsonCreator
        Yaml {
        }
    }

    public AccessConfig {
        users = Map.copyOf(users);
        tokens = Map.copyOf(tokens);
    }

    /** A name is recorded whole with what it does (audit_entry.actor, decided_by): at most FieldLimit.ACTOR. */
    private static final String NAME_RULE = "name must be 1-" + FieldLimit.ACTOR.maxLength() + " letters, digits or . _ @ -";

    private static boolean validName(String name) {
        return name.matches("[A-Za-z0-9._@-]{1," + FieldLimit.ACTOR.maxLength() + "}");
    }

    public static AccessConfig none() {
        return new AccessConfig(Map.of(), Map.of());
    }

    /**
     * Reads the file (missing: nobody) and adds the first administrator when a password is given. Every problem is
     * reported at once, each with the file and the entry.
     */
    public static AccessConfig load(Path file, String adminName, String adminPassword) {
        Yaml y = YamlConfig.readIfPresent(file, Yaml.class).orElse(new Yaml(List.of(), List.of()));
        List<String> problems = new ArrayList<>();
        Map<String, Account> users = new LinkedHashMap<>();
        Map<String, Account> tokens = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (Entry e : y.users() == null ? List.<Entry>of() : y.users()) {
            String where = file + ": users[" + i++ + "]";
            Account a = account(e, where, Principal.Kind.PERSON, problems, names);
            if (a == null) continue;
            if (e.sha256() != null) problems.add(where + " (" + a.name() + "): a user has a password, not sha256");
            if (!PasswordHash.isHash(e.password()))
                problems.add(where + " (" + a.name() + "): password must be an Argon2id hash ($argon2id$v=19$...); "
                        + "make one with `guestlink hash-password`");
            else users.put(a.name(), new Account(a.name(), a.roles(), e.password(), a.kind()));
        }
        i = 0;
        for (Entry e : y.tokens() == null ? List.<Entry>of() : y.tokens()) {
            String where = file + ": tokens[" + i++ + "]";
            Account a = account(e, where, Principal.Kind.SYSTEM, problems, names);
            if (a == null) continue;
            if (e.password() != null) problems.add(where + " (" + a.name() + "): a token has sha256, not a password");
            if (e.sha256() == null || !e.sha256().strip().matches("[0-9a-f]{64}"))
                problems.add(where + " (" + a.name() + "): sha256 must be 64 lower-case hex digits; make a token "
                        + "with `guestlink new-token`");
            else tokens.put(e.sha256().strip(), new Account(a.name(), a.roles(), e.sha256().strip(), a.kind()));
        }
        if (adminPassword != null && !adminPassword.isEmpty()) {
            if (!validName(adminName))
                problems.add("guestlink.http.admin-user = '" + (adminName.length() > 40 ? adminName.substring(0, 40) + "…" : adminName)
                        + "' (" + adminName.length() + " characters): " + NAME_RULE);
            else if (names.contains(adminName))
                problems.add(file + ": user '" + adminName + "' is also the first administrator (guestlink.http.admin-user); "
                        + "rename one of them");
            else users.put(adminName, new Account(adminName, EnumSet.of(Role.ADMIN), PasswordHash.hash(adminPassword),
                    Principal.Kind.PERSON));
        }
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
        return new AccessConfig(users, tokens);
    }

    private static Account account(Entry e, String where, Principal.Kind kind, List<String> problems, Set<String> names) {
        if (e == null || e.name() == null || !validName(e.name().strip())) {
            problems.add(where + ": " + NAME_RULE);
            return null;
        }
        String name = e.name().strip();
        if (!names.add(name)) problems.add(where + ": name '" + name + "' is used twice");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (e.roles() == null || e.roles().isEmpty()) problems.add(where + " (" + name + "): no roles");
        else for (String r : e.roles()) {
            Role.of(r).ifPresentOrElse(roles::add, () -> problems.add(where + " (" + name + "): unknown role '" + r
                    + "' (roles: front-desk, outlet, supervisor, operator, privacy-officer, admin)"));
        }
        return new Account(name, roles, null, kind);
    }
}
