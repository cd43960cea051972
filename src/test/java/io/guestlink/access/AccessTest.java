package io.guestlink.access;

import io.guestlink.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Passwords, tokens, the users file, the throttle and the authenticator, without a server. */
class AccessTest {
    @TempDir
    Path tmp;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-06-15T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void passwordsAreSaltedArgon2idHashesThatOnlyTheRightPasswordMatches() {
        String a = PasswordHash.hash("correct horse battery");
        String b = PasswordHash.hash("correct horse battery");
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b).doesNotContain("correct horse");
        assertThat(PasswordHash.isHash(a)).isTrue();
        assertThat(PasswordHash.matches(a, "correct horse battery")).isTrue();
        assertThat(PasswordHash.matches(b, "correct horse battery")).isTrue();
        assertThat(PasswordHash.matches(a, "correct horse batterY")).isFalse();
        assertThat(PasswordHash.isHash("correct horse battery")).isFalse();
        assertThat(PasswordHash.isHash("$2a$10$abcdefghijklmnopqrstuv")).as("bcrypt is not accepted").isFalse();
    }

    @Test
    void tokensAreRandomAndKeptAsTheirSha256() {
        String t1 = ApiToken.newToken();
        assertThat(t1).startsWith("glt_").hasSize(4 + 43).isNotEqualTo(ApiToken.newToken());
        assertThat(ApiToken.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theUsersFileReportsEveryProblemAtOnceWithItsEntry() throws Exception {
        Path file = Files.writeString(tmp.resolve("users.yaml"), """
                users:
                  - name: maria
                    roles: [front-desk, chef]
                    password: "plain text"
                  - name: maria
                    roles: [supervisor]
                    password: "%s"
                  - name: "bad name!"
                    roles: [admin]
                tokens:
                  - name: crm
                    roles: []
                    sha256: "ABC"
                """.formatted(PasswordHash.hash("a long password here")));
        assertThatThrownBy(() -> AccessConfig.load(file, "admin", ""))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).anyMatch(p -> p.contains("users[0] (maria): unknown role 'chef'"))
                        .anyMatch(p -> p.contains("users[0] (maria): password must be an Argon2id hash"))
                        .anyMatch(p -> p.contains("users[1]: name 'maria' is used twice"))
                        .anyMatch(p -> p.contains("users[2]: name must be"))
                        .anyMatch(p -> p.contains("tokens[0] (crm): no roles"))
                        .anyMatch(p -> p.contains("tokens[0] (crm): sha256 must be 64 lower-case hex digits"))
                        .allMatch(p -> p.startsWith(file.toString())));
    }

    @Test
    void thereIsNoDefaultPasswordTheFirstAdminComesFromTheEnvironment() {
        AccessConfig none = AccessConfig.load(tmp.resolve("missing.yaml"), "admin", "");
        assertThat(none.users()).isEmpty();
        AccessConfig admin = AccessConfig.load(tmp.resolve("missing.yaml"), "root", "the admin's password");
        assertThat(admin.users().get("root").roles()).containsExactly(Role.ADMIN);
        assertThat(admin.users().get("root").secretHash()).startsWith("$argon2id$").doesNotContain("the admin's password");
    }

    @Test
    void theThrottleLocksANameAfterRepeatedFailuresAndDoublesTheWait() {
        TestClock clock = new TestClock();
        SignInThrottle t = new SignInThrottle(3, Duration.ofSeconds(10), clock);
        t.failed("user:x");
        t.failed("user:x");
        assertThat(t.lockedFor("user:x")).isEmpty();
        t.failed("user:x");
        assertThat(t.lockedFor("user:x")).contains(Duration.ofSeconds(10));
        assertThat(t.lockedFor("user:y")).as("other names").isEmpty();
        clock.now = clock.now.plusSeconds(11);
        assertThat(t.lockedFor("user:x")).isEmpty();
        t.failed("user:x");
        assertThat(t.lockedFor("user:x")).as("a failure after the lock doubles it").contains(Duration.ofSeconds(20));
        t.succeeded("user:x");
        assertThat(t.lockedFor("user:x")).isEmpty();
    }

    @Test
    void basicAndBearerCredentialsAreCheckedAndFailuresThrottled() {
        TestClock clock = new TestClock();
        String token = ApiToken.newToken();
        AccessConfig config = new AccessConfig(Map.of("maria", new AccessConfig.Account("maria", EnumSet.of(Role.FRONT_DESK),
                PasswordHash.hash("maria's password"), Principal.Kind.PERSON)),
                Map.of(ApiToken.sha256(token), new AccessConfig.Account("crm", EnumSet.of(Role.OPERATOR), ApiToken.sha256(token),
                        Principal.Kind.SYSTEM)));
        Authenticator auth = new Authenticator(config, new SignInThrottle(2, Duration.ofMinutes(1), clock), clock);
        assertThat(auth.authenticate(null, "1.2.3.4")).isInstanceOf(Authenticator.Outcome.Missing.class);
        assertThat(auth.authenticate("Digest abc", "1.2.3.4")).isInstanceOf(Authenticator.Outcome.Missing.class);
        assertThat(auth.authenticate("Basic !!!", "1.2.3.4")).isInstanceOf(Authenticator.Outcome.Refused.class);
        Authenticator.Outcome ok = auth.authenticate(basic("maria", "maria's password"), "1.2.3.4");
        assertThat(((Authenticator.Outcome.Accepted) ok).principal()).isEqualTo(new Principal("maria", EnumSet.of(Role.FRONT_DESK),
                Principal.Kind.PERSON));
        assertThat(auth.authenticate(basic("nobody", "x"), "1.2.3.4")).isInstanceOf(Authenticator.Outcome.Refused.class);
        assertThat(auth.authenticate(basic("maria", "wrong"), "1.2.3.4")).isInstanceOf(Authenticator.Outcome.Refused.class);
        assertThat(auth.authenticate(basic("maria", "wrong again"), "1.2.3.4")).isInstanceOf(Authenticator.Outcome.Locked.class);
        assertThat(auth.authenticate(basic("maria", "maria's password"), "1.2.3.4"))
                .as("locked even with the right password").isInstanceOf(Authenticator.Outcome.Locked.class);
        Authenticator.Outcome system = auth.authenticate("Bearer " + token, "1.2.3.4");
        assertThat(((Authenticator.Outcome.Accepted) system).principal().kind()).isEqualTo(Principal.Kind.SYSTEM);
        assertThat(auth.authenticate("Bearer " + token + "x", "5.6.7.8")).isInstanceOf(Authenticator.Outcome.Refused.class);
    }

    @Test
    void frontDeskAndOutletSeeContactsMaskedAndAdminMayDoAnything() {
        assertThat(new Principal("a", EnumSet.of(Role.FRONT_DESK), Principal.Kind.PERSON).seesContacts()).isFalse();
        assertThat(new Principal("a", EnumSet.of(Role.OUTLET), Principal.Kind.PERSON).seesContacts()).isFalse();
        assertThat(new Principal("a", EnumSet.of(Role.FRONT_DESK, Role.SUPERVISOR), Principal.Kind.PERSON).seesContacts()).isTrue();
        assertThat(new Principal("a", EnumSet.of(Role.ADMIN), Principal.Kind.PERSON).mayAny(EnumSet.of(Role.OPERATOR))).isTrue();
        assertThat(new Principal("a", EnumSet.of(Role.OUTLET), Principal.Kind.PERSON).mayAny(EnumSet.of(Role.OPERATOR))).isFalse();
        assertThat(Role.of("privacy-officer")).contains(Role.PRIVACY_OFFICER);
    }

    @Test
    void aNameIsAtMostWhatTheStoreKeepsForWhoActedTheFirstAdministratorsToo() throws Exception {
        String hash = PasswordHash.hash("a password");
        Path ok = Files.writeString(tmp.resolve("ok.yaml"), "users:\n  - name: " + "a".repeat(100) + "\n    roles: [supervisor]\n"
                + "    password: \"" + hash + "\"\n");
        assertThat(AccessConfig.load(ok, "admin", "").users()).containsKey("a".repeat(100));
        Path tooLong = Files.writeString(tmp.resolve("long.yaml"), "users:\n  - name: " + "a".repeat(101) + "\n    roles: [supervisor]\n"
                + "    password: \"" + hash + "\"\n");
        assertThatThrownBy(() -> AccessConfig.load(tooLong, "admin", "")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("users[0]: name must be 1-100 letters");
        assertThatThrownBy(() -> AccessConfig.load(ok, "b".repeat(101), "the admin's password"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("guestlink.http.admin-user")
                .hasMessageContaining("101 characters").hasMessageContaining("1-100");
        assertThatThrownBy(() -> AccessConfig.load(ok, "ad min", "the admin's password"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("guestlink.http.admin-user = 'ad min'");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
