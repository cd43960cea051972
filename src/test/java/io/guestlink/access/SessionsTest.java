package io.guestlink.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Browser sessions: found by their id only, idle ones gone, each with its own CSRF token compared exactly. */
class SessionsTest {
    private final AccessTest.TestClock clock = new AccessTest.TestClock();
    private final Principal desk = new Principal("front-desk", Set.of(Role.FRONT_DESK), Principal.Kind.PERSON);

    @Test
    void aSessionIsFoundByItsIdUntilItIsIdleTooLongOrClosed() {
        Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
        Sessions.Session s = sessions.open(desk);
        assertThat(s.id()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(s.csrfToken());
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(sessions.find(s.id())).map(Sessions.Session::principal).contains(desk);
        clock.now = clock.now.plus(Duration.ofMinutes(29)); // used a minute ago: the idle clock restarted
        assertThat(sessions.find(s.id())).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        assertThat(sessions.find(s.id())).as("idle 30 minutes").isEmpty();

        Sessions.Session other = sessions.open(desk);
        assertThat(sessions.find("not-" + other.id())).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.close(other.id())).isTrue();
        assertThat(sessions.find(other.id())).isEmpty();
        assertThat(sessions.close(other.id())).isFalse();
    }

    @Test
    void onlyTheSessionsOwnCsrfTokenMatches() {
        Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
        Sessions.Session a = sessions.open(desk);
        Sessions.Session b = sessions.open(desk);
        assertThat(Sessions.csrfMatches(a, a.csrfToken())).isTrue();
        assertThat(Sessions.csrfMatches(a, b.csrfToken())).isFalse();
        assertThat(Sessions.csrfMatches(a, null)).isFalse();
        assertThat(Sessions.csrfMatches(a, "")).isFalse();
        assertThat(Sessions.csrfMatches(a, a.csrfToken().substring(1))).isFalse();
    }
}
