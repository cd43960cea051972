package io.guestlink.app.camel;

import io.guestlink.model.FieldLimit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks every API parameter passes before an operation sees it (no server: an exchange with headers). */
class ApiParamsTest {
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Exchange with(String name, String value) {
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setHeader(name, value);
        return e;
    }

    private static ApiProblem problem(Runnable r) {
        try {
            r.run();
        } catch (ApiProblem p) {
            return p;
        }
        throw new AssertionError("no problem raised");
    }

    @Test
    void aValueForTheStoreOverItsLimitIsA400NamingWhereAndTheLimitNeverCut() {
        String hundred = "u".repeat(100);
        assertThat(ApiParams.stored(hundred, "Authorization", FieldLimit.ACTOR)).isSameAs(hundred);
        assertThat(ApiParams.stored(null, "channel", FieldLimit.AUDIT_DETAIL)).isNull();
        ApiProblem p = problem(() -> ApiParams.stored(hundred + "u", "Authorization", FieldLimit.ACTOR));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.members()).containsEntry("path", "Authorization").containsEntry("limit", 100);
        assertThat(p.getMessage()).contains("101 characters").contains("100").contains("refused, not shortened");
        assertThat(problem(() -> ApiParams.stored("t".repeat(301), "id", FieldLimit.AUDIT_TARGET)).members())
                .containsEntry("path", "id").containsEntry("limit", 300);
    }

    @Test
    void identifiersInThePathAreNeverDotSegmentsOrEmptySegments() {
        assertThat(ApiParams.key(with("id", "arrival:1042:2026-06-15"), "id")).isEqualTo("arrival:1042:2026-06-15");
        assertThat(ApiParams.key(with("id", "a.b_c-d"), "id")).isEqualTo("a.b_c-d");
        // an event alert's id has segments (rule/event/N), sent with its slashes written %2F
        assertThat(ApiParams.key(with("id", "returning-guest-arrival/event/1"), "id")).isEqualTo("returning-guest-arrival/event/1");
        for (String bad : List.of(".", "..", "...", "a..b", "../etc", "..\\x", "a//b", "/a", "a/", "a/./b", "a/../b", "./a", "a/.",
                "a%2Fb", "a\u0000", "", " ", "x".repeat(301)))
            assertThat(problem(() -> ApiParams.key(with("id", bad), "id")).members()).as(bad).containsEntry("path", "id");
        for (String bad : List.of("..", "1/2", "1%00", "1.0", "-1", "0x1", "1e3", "9".repeat(19), "", "１２"))
            assertThat(problem(() -> ApiParams.id(with("id", bad), "id")).status()).as(bad).isEqualTo(400);
        assertThat(ApiParams.id(with("id", "42"), "id")).isEqualTo(42);
    }

    @Test
    void textIsRefusedOverItsLimitOrWithControlCharactersNeverCut() {
        assertThat(ApiParams.text(with("name", "x".repeat(200)), "name")).hasSize(200);
        ApiProblem longer = problem(() -> ApiParams.text(with("name", "x".repeat(201)), "name"));
        assertThat(longer.members()).containsEntry("path", "name").containsEntry("limit", 200);
        for (String bad : List.of("a\u0000b", "a\nb", "a\rb", "a\tb", "a\u007fb", "\u001b[31m"))
            assertThat(problem(() -> ApiParams.text(with("name", bad), "name")).members()).containsEntry("path", "name");
        assertThatThrownBy(() -> ApiParams.paging(with("limit", "501"))).isInstanceOf(ApiProblem.class);
    }
}
