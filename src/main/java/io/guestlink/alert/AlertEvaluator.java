package io.guestlink.alert;

import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.Segments;
import io.guestlink.model.ConsentPurpose;
import io.guestlink.model.ConsentRefusal;
import io.guestlink.model.PersonName;
import io.guestlink.model.StayStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which alerts the rules of config/alerts.yaml raise: for a stored guest event, the rules watching its type whose
 * conditions hold for its guest; for a daily rule, when it is due at a property and which guests of its population
 * it alerts about. Each alert gets its stable id here ({@link AlertIds}: once per event, day, year or stay) and the
 * enabled channels it goes out by; the store keeps the first alert of an id, which is what makes "once per" hold.
 *
 * <p>Plain decisions over values the store reads (the event, the guest as of a date, the population's rows): no
 * SQL, no clock of its own.
 */
public final class AlertEvaluator {
    /**
     * An alert a rule raised and the enabled channels that each get a delivery of it, with what consent stopped
     * ({@link MarketingConsent}): the whole alert ({@link #refused()}: it must not be stored or sent) or some
     * channels' deliveries (left out of {@code channels}).
     */
    public record Raised(Alert alert, List<String> channels, List<ConsentRefusal> refusals) {
        public Raised {
            channels = List.copyOf(channels);
            refusals = refusals == null ? List.of() : List.copyOf(refusals);
        }

        public Raised(Alert alert, List<String> channels) {
            this(alert, channels, List.of());
        }

        /** The guest has no current "yes" for the rule's marketing audience: nothing is to be stored or sent. */
        public boolean refused() {
            return refusals.stream().anyMatch(r -> ConsentRefusal.WHOLE_ALERT.equals(r.channel()));
        }
    }

    private final AlertConfig config;
    private final MemoryConfig memory;

    public AlertEvaluator(AlertConfig config, MemoryConfig memory) {
        this.config = config;
        this.memory = memory;
    }

    public AlertConfig config() {
        return config;
    }

    // ---- business dates ----------------------------------------------------------------------------------------

    /** The properties daily rules run at: the configured ones, then every one a night audit has given a date. */
    public Set<String> properties(Collection<String> audited) {
        Set<String> out = new LinkedHashSet<>(config.properties());
        out.addAll(audited);
        return out;
    }

    /**
     * A property's business date ({@link BusinessDay}): on a night-audit day, the last night audit's, else (no audit
     * yet) its local calendar date at {@code now}; on a clock day, always its local calendar date.
     */
    public LocalDate businessDate(String property, Optional<LocalDate> audited, Instant now) {
        if (businessDay(property) == BusinessDay.Source.CLOCK) return memory.localDate(property, now);
        return audited.orElseGet(() -> memory.localDate(property, now));
    }

    /** What moves the property's business date. */
    public BusinessDay.Source businessDay(String property) {
        return config.businessDay().of(property);
    }

    /** The property's time zone (config/memory.yaml {@code zones}): its daily rules' local times are in it. */
    public java.time.ZoneId zone(String property) {
        return memory.zone(property);
    }

    /**
     * The business date an event's guest is judged on: the event's own, else its property's (on a night-audit day the
     * last night audit's, asked of {@code audited} only then), else the local calendar date when it happened
     * ({@code now} when unknown).
     */
    public LocalDate businessDate(GuestEvent e, Supplier<Optional<LocalDate>> audited, Instant now) {
        if (e.businessDate() != null) return e.businessDate();
        Instant at = e.occurredAt() == null ? now : e.occurredAt();
        if (businessDay(e.property()) == BusinessDay.Source.CLOCK) return memory.localDate(e.property(), at);
        return businessDate(e.property(), audited.get(), at);
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /**
     * Whether the event is worth reading its guest for: some rule watches its type (a type from a newer version,
     * null here, none does) and it names a guest.
     */
    public boolean watches(GuestEvent e) {
        return e.profileId() != null && !rulesFor(e).isEmpty();
    }

    /** The alerts the event raises for its guest on {@code asOf}: one per rule watching its type whose conditions hold. */
    public List<Raised> onEvent(GuestEvent e, LocalDate asOf, RecognisedGuest guest, Instant now) {
        return onEvent(e, asOf, guest, now, Map.of());
    }

    /**
     * The alerts the event raises for its guest on {@code asOf}, given those its rules already raised for it (an
     * arrival evaluated again after a merge or an unmerge changed who the guest is): a rule that raised nothing yet
     * raises its alert; one whose last alert told the receivers the same guest and card raises nothing; one whose
     * guest or card changed raises an update ({@link AlertIds#forUpdate}, {@link Alert#updates()} naming the first
     * alert, the text starting with {@link Alert#UPDATE_PREFIX}). A rule that no longer holds raises nothing: what was
     * sent is not withdrawn.
     *
     * @param sent the event's alerts so far by rule id, oldest first
     */
    public List<Raised> onEvent(GuestEvent e, LocalDate asOf, RecognisedGuest guest, Instant now, Map<String, List<Alert>> sent) {
        List<Raised> out = new ArrayList<>();
        String ticket = e.type() == GuestEventType.POS_TICKET_CLOSED ? e.confirmation() : null;
        Subject subject = new Subject(e.property(), asOf, e.type(), guest.card(), guest.profile().marketingConsent(),
                ServiceRecovery.of(guest.facts(), e.property(), asOf, ticket, memory));
        Alert.Stay stay = new Alert.Stay(e.confirmation(), e.roomNumber(), e.priorRoom(), e.arrival(), e.departure());
        for (AlertRule rule : rulesFor(e)) {
            if (!rule.when().test(subject)) continue;
            String first = AlertIds.forEvent(rule.id(), e.id());
            Raised r = raise(first, rule, subject, guest, e.id(), e.type(), stay, now);
            List<Alert> before = sent.getOrDefault(rule.id(), List.of());
            if (before.isEmpty()) out.add(r);
            else if (r.alert().tellsMoreThan(before.get(before.size() - 1))) out.add(asUpdate(r, first, before.size()));
        }
        return out;
    }

    private static Raised asUpdate(Raised r, String first, int n) {
        Alert a = r.alert();
        return new Raised(new Alert(AlertIds.forUpdate(first, n), a.rule(), a.audience(), a.property(), a.businessDate(),
                a.profileId(), a.eventId(), a.eventType(), a.stay(), a.guest(), a.card(), Alert.UPDATE_PREFIX + a.text(),
                a.adjustments(), a.consentedTo(), a.createdAt(), first), r.channels(), r.refusals());
    }

    // ---- arrivals and identity -----------------------------------------------------------------------------------

    /**
     * The event types that are a guest arriving: their guest is linked (exact keys, then the matcher) before the rules
     * look, and they are evaluated again when a merge or an unmerge changes who the guest is.
     */
    public static final Set<GuestEventType> ARRIVALS = Set.of(GuestEventType.CHECKED_IN);

    /** Whether the event is an arrival some rule watches, so its guest is worth linking before the rules look. */
    public boolean isWatchedArrival(GuestEvent e) {
        return e.type() != null && ARRIVALS.contains(e.type()) && watches(e);
    }

    /** The arrival types some rule watches (empty: a change of identity re-evaluates nothing). */
    public Set<GuestEventType> watchedArrivals() {
        Set<GuestEventType> out = new LinkedHashSet<>();
        for (GuestEventType t : ARRIVALS) if (!config.rulesFor(t).isEmpty()) out.add(t);
        return out;
    }

    /**
     * Whether an arrival is worth evaluating again after a change of identity: the guest is still here. The stay's
     * status, where the store has one, must be in house (a check-out, a cancelled check-in, a cancellation or a
     * no-show ends it; unknown counts as here), and the departure must not be before the property's business date.
     *
     * @param status    the stay's current status, null when unknown
     * @param departure the stay's departure, null when unknown
     */
    public static boolean stillHere(StayStatus status, LocalDate departure, LocalDate businessDate) {
        if (status != null && status != StayStatus.IN_HOUSE) return false;
        return departure == null || !departure.isBefore(businessDate);
    }

    private List<AlertRule> rulesFor(GuestEvent e) {
        return e.type() == null ? List.of() : config.rulesFor(e.type());
    }

    // ---- daily rules -------------------------------------------------------------------------------------------

    public List<AlertRule> dailyRules() {
        return config.dailyRules();
    }

    /**
     * Whether the daily rule's run for the business date is due at the property: its local time has come on that
     * date, or at once for a rule without a time (see {@link DailySchedule}).
     */
    public boolean isDue(AlertRule rule, String property, LocalDate businessDate, Instant now) {
        return DailySchedule.isDue(businessDate, daily(rule).at(property), memory.zone(property), now);
    }

    public Population population(AlertRule rule) {
        return daily(rule).population();
    }

    /** The date a daily rule reads its guests' cards on: tomorrow's arrivals as they will arrive, others on the day. */
    public LocalDate cardDate(AlertRule rule, LocalDate businessDate) {
        return population(rule) == Population.ARRIVALS_TOMORROW ? businessDate.plusDays(1) : businessDate;
    }

    /**
     * The rows of the population that are on the day's list: a birthday exactly on the business date (Feb 29 on
     * Feb 28 in other years, never before the guest was born); every stay row the store selected.
     */
    public List<Candidate> listed(AlertRule rule, LocalDate businessDate, List<Candidate> rows) {
        if (population(rule) != Population.BIRTHDAYS_TODAY) return rows;
        return rows.stream().filter(c -> Segments.occursBetween(c.birthDate(), businessDate, businessDate).isPresent()).toList();
    }

    /**
     * The alert a daily rule raises at a property on a business date for one guest of its population, if its
     * conditions hold; a birthday greeting only for a guest who ever stayed at the property.
     *
     * @param guest the guest as of {@link #cardDate}
     */
    public Optional<Raised> onDay(AlertRule rule, String property, LocalDate businessDate, Candidate listed,
                                  RecognisedGuest guest, Instant now) {
        if (population(rule) == Population.BIRTHDAYS_TODAY
                && guest.facts().reservations().stream().noneMatch(r -> property.equals(r.property()))) return Optional.empty();
        Subject subject = new Subject(property, businessDate, null, guest.card(), guest.profile().marketingConsent(),
                ServiceRecovery.of(guest.facts(), property, businessDate, null, memory));
        if (!rule.when().test(subject)) return Optional.empty();
        String id = AlertIds.forDaily(rule, property, businessDate, guest.profileId(),
                listed.stay() == null ? null : listed.stay().confirmation());
        return Optional.of(raise(id, rule, subject, guest, null, null, listed.stay(), now));
    }

    private static Trigger.Daily daily(AlertRule rule) {
        if (rule.trigger() instanceof Trigger.Daily d) return d;
        throw new IllegalArgumentException("rule " + rule.id() + " is not a daily rule");
    }

    // ---- what an alert carries ---------------------------------------------------------------------------------

    /**
     * The alert and its deliveries, held to the guest's consent whatever the rule's conditions say: a marketing
     * audience needs a current "yes" for one of its purposes, else the whole alert is refused; a marketing channel
     * needs one for its purposes, else that delivery is. The receivers are told which purposes the guest said yes to
     * ({@link Alert#consentedTo()}): those the rule's {@code consent:} names, else the audience's.
     */
    private Raised raise(String id, AlertRule rule, Subject s, RecognisedGuest guest, Long eventId, GuestEventType type,
                         Alert.Stay stay, Instant now) {
        MarketingConsent marketing = config.marketing();
        Set<ConsentPurpose> audience = marketing.audience(rule.audience());
        List<String> consentedTo = rule.when().consentedMedia(s);
        if (consentedTo.isEmpty() && !audience.isEmpty())
            consentedTo = MarketingConsent.allowed(audience, s.consent()).stream().map(ConsentPurpose::code).toList();
        Alert a = new Alert(id, rule.id(), rule.audience(), s.property(), s.businessDate(), guest.profileId(), eventId, type,
                stay, names(guest), s.card(), s.card().toText(),
                rule.when().adjustmentsAbove() == null ? null : s.recovery().total(), consentedTo, now);
        List<ConsentRefusal> refusals = new ArrayList<>();
        if (!audience.isEmpty() && MarketingConsent.allowed(audience, s.consent()).isEmpty()) {
            refusals.add(refusal(a, ConsentRefusal.WHOLE_ALERT, audience));
            return new Raised(a, List.of(), refusals);
        }
        List<String> channels = new ArrayList<>();
        for (String ch : config.deliveryChannels(rule)) {
            Set<ConsentPurpose> need = marketing.channel(ch);
            if (!need.isEmpty() && MarketingConsent.allowed(need, s.consent()).isEmpty()) refusals.add(refusal(a, ch, need));
            else channels.add(ch);
        }
        return new Raised(a, channels, refusals);
    }

    private static ConsentRefusal refusal(Alert a, String channel, Set<ConsentPurpose> purposes) {
        return new ConsentRefusal(a.id(), channel, a.rule(), a.audience(), a.property(), a.businessDate(), a.profileId(),
                MarketingConsent.sorted(purposes));
    }

    /** Name parts for receivers that need them: the first name written in Latin script with a family name. */
    private static Alert.Guest names(RecognisedGuest guest) {
        List<PersonName> names = guest.profile().names();
        PersonName n = names.stream().filter(p -> p.family() != null && "Latin".equalsIgnoreCase(p.script())).findFirst()
                .orElse(names.stream().filter(p -> p.family() != null).findFirst().orElse(null));
        return new Alert.Guest(n == null ? null : n.family(), n == null ? null : n.given(), n == null ? null : n.title(),
                guest.card().language());
    }
}
