package io.guestlink.alert;

import io.guestlink.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AlertConfigTest {
    @Test
    void shouldReportEveryProblemAtOnceWithKeyAndValue() {
        String yaml = """
                colour: blue
                delivery: { leaseMs: -5, backoff: { factor: 0.5 } }
                channels:
                  hook: { type: webhook, url: "ftp://x", secretEnv: S }
                  box: { type: pigeon }
                  mllp: { type: hl7-mllp, host: h, port: 70000 }
                rules:
                  - id: a
                    on: [CHECKED_IN, LANDED]
                    audience: desk
                    channels: [hook, nowhere]
                  - id: a
                    on: [CHECKED_OUT]
                    audience: desk
                  - id: b
                    daily: { at: "25:00", select: everyone }
                    audience: desk
                  - id: c
                    on: [CHECKED_IN]
                    oncePer: year
                    audience: desk
                  - id: D
                    on: [CHECKED_IN]
                    daily: { at: "09:00", select: in-house }
                    when: { vip: maybe, lapsed: true, shoeSize: 44 }
                """;
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> AlertConfig.parse(yaml, "alerts.yaml"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("colour: unknown key"))
                .anySatisfy(p -> assertThat(p).contains("delivery.leaseMs = '-5'"))
                .anySatisfy(p -> assertThat(p).contains("backoff.factor must be >= 1, was 0.5"))
                .anySatisfy(p -> assertThat(p).contains("channels.hook.url = 'ftp://x'"))
                .anySatisfy(p -> assertThat(p).contains("channels.box.type = 'pigeon': unknown channel type"))
                .anySatisfy(p -> assertThat(p).contains("channels.mllp.port = '70000'"))
                .anySatisfy(p -> assertThat(p).contains("rules.a.on = 'LANDED': unknown event type"))
                .anySatisfy(p -> assertThat(p).contains("rules.a.channels = 'nowhere': no such channel"))
                .anySatisfy(p -> assertThat(p).contains("rules[1].id = 'a': another rule has this id"))
                .anySatisfy(p -> assertThat(p).contains("rules.b.daily.at = '25:00'"))
                .anySatisfy(p -> assertThat(p).contains("rules.b.daily.select = 'everyone'"))
                .anySatisfy(p -> assertThat(p).contains("rules.c.oncePer").contains("once per event, not per year"))
                .anySatisfy(p -> assertThat(p).contains("rules[4].id = 'D'"))
                .anySatisfy(p -> assertThat(p).contains("give exactly one of 'on' (event types) and 'daily'"))
                .anySatisfy(p -> assertThat(p).contains(".when.vip = 'maybe': expected true or false"))
                .anySatisfy(p -> assertThat(p).contains(".when.shoeSize: unknown key"))
                .allSatisfy(p -> assertThat(p).startsWith("alerts.yaml: "));
    }

    @Test
    void shouldReadChannelsAndDefaults() {
        AlertConfig c = AlertConfig.parse("""
                channels:
                  t: { type: activemq-topic, destination: guestlink.alerts }
                  w: { type: webhook, url: "http://127.0.0.1:1/x", secretEnv: MY_SECRET, timeoutMs: 750, enabled: false }
                  h: { type: hl7-mllp, host: 127.0.0.1, port: 2576, receivingApplication: FLOOR }
                  f: { type: file, dir: out/lists, concurrency: 1 }
                rules:
                  - { id: r, on: [CHECKED_IN], audience: desk, channels: [t, w, f] }
                """, "x");
        assertThat(c.channels().get("w")).isEqualTo(new ChannelConfig.Webhook("w", false, 2, "http://127.0.0.1:1/x", "MY_SECRET",
                Duration.ofMillis(750)));
        assertThat(c.enabledChannels()).extracting(ChannelConfig::name).containsExactly("t", "h", "f");
        assertThat(c.deliveryChannels(c.rules().get(0))).containsExactly("t", "f");
        assertThat(c.delivery()).isEqualTo(AlertConfig.Delivery.DEFAULTS);
        assertThat(c.rules().get(0).oncePer()).isEqualTo(OncePer.EVENT);
    }

    @Test
    void aClaimMustOutlastAnAttempt() {
        assertThatThrownBy(() -> AlertConfig.parse("""
                delivery: { leaseMs: 10000 }
                channels:
                  w: { type: webhook, url: "http://h/x", secretEnv: S, timeoutMs: 5000 }
                """, "x")).hasMessageContaining("delivery.leaseMs = '10000': must be at least 3 x channels.w.timeoutMs (5000)");
    }

    @Test
    void aBirthdayListHasNoStayToBeOncePer() {
        assertThatThrownBy(() -> AlertConfig.parse("""
                rules:
                  - { id: r, daily: { at: "09:00", select: birthdays-today }, oncePer: stay, audience: m }
                """, "x")).hasMessageContaining("birthdays-today has no stay");
    }

    @Test
    void backoffDoublesUpToItsMaximumAndGivesUpAfterItsAttempts() {
        Backoff b = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(5), 4);
        assertThat(b.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delayAfter(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.delayAfter(60)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.exhausted(3)).isFalse();
        assertThat(b.exhausted(4)).isTrue();
    }
}
