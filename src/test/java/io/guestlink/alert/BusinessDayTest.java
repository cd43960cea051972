package io.guestlink.alert;

import io.guestlink.config.ConfigurationException;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.memory.MemoryConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What moves a property's business date (night audit or clock) and when a daily rule runs on it. */
class BusinessDayTest {
    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
    static final LocalDate DAY = LocalDate.of(2026, 6, 15);
    /** 23:00 on June 14 in Bangkok: the night audit has just moved BKK01 to June 15. */
    static final Instant ELEVEN_PM = LocalDate.of(2026, 6, 14).atTime(23, 0).atZone(BANGKOK).toInstant();

    static final String RULES = """
            properties: [BKK01]
            businessDay: { default: nightAudit, properties: { SGN01: clock } }
            channels: { topic: { type: activemq-topic, destination: t } }
            rules:
              - id: greeting
                daily: { select: birthdays-today }
                audience: marketing
                channels: [topic]
              - id: briefing
                daily: { at: "16:00", atProperty: { SGN01: "07:00" }, select: arrivals-tomorrow }
                audience: front-desk
                channels: [topic]
            """;
    static final AlertConfig CONFIG = AlertConfig.parse(RULES, "alerts.yaml");
    static final AlertEvaluator EVALUATOR = new AlertEvaluator(CONFIG, MemoryConfig.defaults());

    AlertRule rule(String id) {
        return CONFIG.dailyRules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theNightAuditIsTheDefaultAndAPropertyMayFollowTheClock() {
        assertThat(AlertConfig.parse("rules: []", "x").businessDay()).isEqualTo(BusinessDay.DEFAULT);
        assertThat(AlertConfig.parse("businessDay: clock", "x").businessDay().of("ANY")).isEqualTo(BusinessDay.Source.CLOCK);
        BusinessDay b = CONFIG.businessDay();
        assertThat(b.of("BKK01")).isEqualTo(BusinessDay.Source.NIGHT_AUDIT);
        assertThat(b.of("SGN01")).isEqualTo(BusinessDay.Source.CLOCK);
        assertThat(b.of(null)).as("stays without a property follow the default").isEqualTo(BusinessDay.Source.NIGHT_AUDIT);
    }

    @Test
    void aWrongBusinessDayIsReportedWithItsKeyAndValue() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> AlertConfig.parse("""
                businessDay: { default: midnight, properties: { SGN01: sunrise }, week: 7 }
                rules:
                  - { id: r, daily: { at: "9 o'clock", select: in-house }, audience: m }
                """, "alerts.yaml"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("businessDay.default = 'midnight'").contains("nightAudit"))
                .anySatisfy(p -> assertThat(p).contains("businessDay.properties.SGN01 = 'sunrise'"))
                .anySatisfy(p -> assertThat(p).contains("businessDay.week: unknown key"))
                .anySatisfy(p -> assertThat(p).contains("rules.r.daily.at = '9 o'clock'"));
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> AlertConfig.parse("businessDay: [clock]", "a.yaml"))
                .problems()).singleElement().satisfies(p -> assertThat(p).contains("businessDay = '[\"clock\"]'"));
    }

    @Test
    void aNightAuditDayIsTheAuditsDateAndAClockDayIsTheLocalDate() {
        Optional<LocalDate> audited = Optional.of(DAY.minusDays(3));
        assertThat(EVALUATOR.businessDate("BKK01", audited, ELEVEN_PM)).isEqualTo(DAY.minusDays(3));
        assertThat(EVALUATOR.businessDate("BKK01", Optional.empty(), ELEVEN_PM)).as("no audit yet: the calendar")
                .isEqualTo(DAY.minusDays(1));
        assertThat(EVALUATOR.businessDate("SGN01", audited, ELEVEN_PM)).as("the clock: an audit does not move it")
                .isEqualTo(DAY.minusDays(1));
        GuestEvent undated = new GuestEvent(1, GuestEventType.CHECKED_IN, "PMS", "m1", "SGN01", 7L, "C1", null, null, null,
                null, ELEVEN_PM, null);
        assertThat(EVALUATOR.businessDate(undated, () -> {
            throw new AssertionError("a clock property's audit is not asked for");
        }, ELEVEN_PM)).isEqualTo(DAY.minusDays(1));
    }

    @Test
    void aRuleWithoutATimeRunsAsSoonAsTheDateBeginsAndOneWithATimeWaitsForIt() {
        AlertRule greeting = rule("greeting");
        assertThat(((Trigger.Daily) greeting.trigger()).at("BKK01")).isNull();
        assertThat(EVALUATOR.isDue(greeting, "BKK01", DAY, ELEVEN_PM))
                .as("the audit moved the date to the 15th at 23:00 on the 14th: the greeting runs at once").isTrue();
        AlertRule briefing = rule("briefing");
        assertThat(EVALUATOR.isDue(briefing, "BKK01", DAY, ELEVEN_PM)).as("16:00 on the 15th has not come").isFalse();
        Instant sevenAm = DAY.atTime(7, 0).atZone(BANGKOK).toInstant();
        assertThat(EVALUATOR.isDue(briefing, "SGN01", DAY, sevenAm)).as("SGN01's own time").isTrue();
        assertThat(EVALUATOR.isDue(briefing, "BKK01", DAY, sevenAm)).isFalse();
        assertThat(EVALUATOR.zone("SGN01")).isEqualTo(BANGKOK);
    }

    @Test
    void withoutATimeTheRunIsDueFromTheStartOfTheDate() {
        assertThat(DailySchedule.dueAt(DAY, null, BANGKOK)).isEqualTo(Instant.parse("2026-06-14T17:00:00Z"));
        assertThat(DailySchedule.isDue(DAY, null, BANGKOK, ELEVEN_PM)).isTrue();
        assertThat(DailySchedule.isDue(DAY, LocalTime.MIDNIGHT, BANGKOK, ELEVEN_PM)).as("an explicit 00:00 waits for midnight")
                .isFalse();
    }
}
