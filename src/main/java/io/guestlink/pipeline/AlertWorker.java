package io.guestlink.pipeline;

import io.guestlink.alert.Alert;
import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.AlertEvaluator;
import io.guestlink.alert.AlertRule;
import io.guestlink.alert.Candidate;
import io.guestlink.alert.DailySchedule;
import io.guestlink.alert.RecognisedGuest;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.store.AlertRechecks;
import io.guestlink.store.GuestClusters;
import io.guestlink.store.AlertOutbox;
import io.guestlink.store.ConsentRecords;
import io.guestlink.store.AlertRows;
import io.guestlink.store.Database;
import io.guestlink.store.StoreException;
import io.guestlink.store.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns guest events and daily schedules into alerts in the outbox. One transaction writes a rule's alerts, one
 * delivery row per enabled channel, and the mark that the event was evaluated (guest_event.alerted_at) or that the
 * day ran (alert_daily_run): a crash before the commit re-evaluates, and the stable alert ids make a second
 * evaluation write nothing new. Which alerts a rule raises is {@link AlertEvaluator}'s to decide; the rows are
 * {@link AlertRows}'.
 *
 * <p>An arrival is first linked ({@link ArrivalLinker}: the identity worker's model and thresholds, within a time
 * budget), then evaluated for the live profile of its record, so a guest known from earlier stays under another key,
 * script or phone format is recognised on the first evaluation. A merge or an unmerge afterwards (alert_recheck)
 * makes {@link #recheck()} evaluate the arrivals of the guests it changed again; the stable ids keep that from
 * writing anything new unless the guest or the card changed, and then the alert goes out again as an update.
 *
 * <ul>
 *   <li>{@link #evaluate(long)}: the fast path, right after an event is stored. The deliveries it writes are leased
 *       to the caller (returned, due for the sweep only after the lease), so they go out at once without the
 *       channel sweeps sending them a second time.</li>
 *   <li>{@link #recheck()}: arriving and in-house guests whose identity changed, evaluated again.</li>
 *   <li>{@link #evaluatePending()}: the sweep, for events the fast path missed (crash, error, another node); it
 *       leaves events younger than the grace period to the fast path.</li>
 *   <li>{@link #runDaily()}: each daily rule at each property once it is due on the property's business date
 *       (see {@link DailySchedule}; the date is {@link BusinessDates}'), after closing the stays the PMS left in
 *       house past their departure ({@link StayCloser}) so the day's lists count guests as they are.</li>
 *   <li>{@link #runDay}: a day's rules at one property run (or run again) when a person asks
 *       ({@code guestlink daily}); the stable alert ids make a re-run write only what is new.</li>
 * </ul>
 */
public final class AlertWorker {
    private static final Logger LOG = LoggerFactory.getLogger(AlertWorker.class);
    private static final int SWEEP_PAGE = 500;

    private final Database db;
    private final AlertRows rows;
    private final AlertEvaluator evaluator;
    private final Clock clock;
    private final BusinessDates dates;
    private final StayCloser stays;
    private final ArrivalLinker linker;
    private final Duration linkBudget;
    private final LiveAlerts live = new LiveAlerts();

    /**
     * Links an arriving guest before the rules look (see {@link IdentityWorker#linkArriving}): returns false when it
     * could not within the budget; never throws.
     */
    @FunctionalInterface
    public interface ArrivalLinker {
        boolean link(long profileId, Duration budget);
    }

    /** Without closing overdue stays before the daily rules, nor linking arrivals first. */
    public AlertWorker(Database db, AlertRows rows, AlertEvaluator evaluator, Clock clock) {
        this(db, rows, evaluator, clock, null, null, Duration.ZERO);
    }

    /**
     * @param stays      closes the stays the PMS left in house before a property's daily rules run (null: none)
     * @param linkBudget the longest an arrival waits to be linked before the rules look (zero: not linked first; the
     *                   identity worker links it, and a merge makes the rules look again)
     */
    public AlertWorker(Database db, AlertRows rows, AlertEvaluator evaluator, Clock clock, StayCloser stays,
                       ArrivalLinker linker, Duration linkBudget) {
        this.db = db;
        this.rows = rows;
        this.evaluator = evaluator;
        this.clock = clock;
        this.dates = new BusinessDates(db, rows, evaluator, clock);
        this.stays = stays;
        this.linker = linkBudget.isZero() || linkBudget.isNegative() ? null : linker;
        this.linkBudget = linkBudget;
    }

    /**
     * What one run of a daily rule at a property for a business date did.
     *
     * @param rerun       the day had run before (a person asked again)
     * @param listed      guests of the rule's population on the day's list
     * @param written     alerts written (new)
     * @param alreadySent alerts that were due but written before (same once-per id): not written again
     */
    public record DayRun(String rule, String property, LocalDate businessDate, boolean rerun, int listed, int written,
                         int alreadySent) {
        /** Listed guests whose conditions did not hold (or who are gone). */
        public int notMatching() {
            return listed - written - alreadySent;
        }
    }

    /** What running a day did: the stays closed as departed first, then each rule's run. */
    public record Day(int staysClosed, List<DayRun> runs) {
        public Day {
            runs = List.copyOf(runs);
        }
    }

    /** Each property's business date (night audit or clock, per config/alerts.yaml businessDay). */
    public BusinessDates businessDates() {
        return dates;
    }

    public AlertConfig config() {
        return evaluator.config();
    }

    /**
     * Evaluates one stored event (if not done yet), an arrival once its guest is linked; returns the deliveries it
     * wrote, leased to the caller.
     */
    public List<AlertOutbox.Claim> evaluate(long eventId) {
        linkArriving(eventId);
        Instant now = clock.instant();
        Written w = db.inTransaction("alert evaluation of event " + eventId,
                tx -> evaluate(tx, eventId, now, now.plus(config().delivery().lease())));
        published(w);
        return w.deliveries();
    }

    /** The hub that hears every alert once it is committed (the console's live arrivals board listens). */
    public LiveAlerts live() {
        return live;
    }

    private void published(Written w) {
        for (Alert a : w.written()) live.publish(a);
    }

    /** An arrival's guest linked before the rules look, within the budget (the rules evaluate whatever came of it). */
    private void linkArriving(long eventId) {
        if (linker == null) return;
        Optional<GuestEvent> e = db.withoutTransaction("reading guest event " + eventId, tx -> rows.pendingEvent(tx, eventId));
        if (e.isPresent() && evaluator.isWatchedArrival(e.get())) linker.link(e.get().profileId(), linkBudget);
    }

    /** Evaluates every event not evaluated yet and older than the grace period; returns the alerts written. */
    public int evaluatePending() {
        int alerts = 0;
        while (true) {
            Instant now = clock.instant();
            List<Long> ids = db.inTransaction("pending guest events",
                    tx -> rows.unevaluatedEvents(tx, now.minus(config().delivery().eventGrace()), SWEEP_PAGE));
            for (long id : ids) {
                linkArriving(id);
                // due at once: the channels' sweeps deliver them
                Written w = db.inTransaction("alert evaluation of event " + id, tx -> evaluate(tx, id, now, now));
                published(w);
                alerts += w.alerts();
            }
            if (ids.size() < SWEEP_PAGE) break;
        }
        return alerts;
    }

    /** Runs every daily rule that is due at some property and has not run for its business date; returns alerts written. */
    public int runDaily() {
        if (evaluator.dailyRules().isEmpty()) return 0;
        Instant now = clock.instant();
        int alerts = 0;
        for (String property : evaluator.properties(db.inTransaction("properties", rows::auditedProperties))) {
            LocalDate bd = businessDate(property);
            boolean staysClosed = false;
            for (AlertRule rule : evaluator.dailyRules()) {
                if (!evaluator.isDue(rule, property, bd, now) || ran(rule, property, bd)) continue;
                if (!staysClosed) {
                    closeStays(property, bd);
                    staysClosed = true;
                }
                try {
                    int n = db.inTransaction("daily rule " + rule.id() + " at " + property,
                            tx -> runDaily(tx, rule, property, bd, now, false)).written();
                    alerts += n;
                    LOG.info("daily rule {} at {} for business date {}: {} alerts", rule.id(), property, bd, n);
                } catch (StoreException e) {
                    if (ran(rule, property, bd)) continue; // another node ran it at the same moment
                    throw e;
                }
            }
        }
        return alerts;
    }

    /**
     * Runs the daily rules (every one, or the one named) at a property for a business date now, whatever their
     * local time, whether or not that day ran before: alerts written before for the same once-per id are not written
     * again, so a re-run after a fix (a consent, a birth date, a stay) writes only what is new. Overdue stays are
     * closed first as of that date, or as of the property's business date when the date asked for is later.
     *
     * @throws IllegalArgumentException when {@code ruleId} names no daily rule
     */
    public Day runDay(String property, LocalDate businessDate, String ruleId) {
        List<AlertRule> rules = evaluator.dailyRules().stream().filter(r -> ruleId == null || r.id().equals(ruleId)).toList();
        if (ruleId != null && rules.isEmpty())
            throw new IllegalArgumentException("no daily rule '" + ruleId + "' (daily rules: "
                    + evaluator.dailyRules().stream().map(AlertRule::id).toList() + ")");
        LocalDate current = businessDate(property);
        int closed = closeStays(property, businessDate.isAfter(current) ? current : businessDate);
        Instant now = clock.instant();
        List<DayRun> runs = new ArrayList<>();
        for (AlertRule rule : rules) {
            boolean rerun = ran(rule, property, businessDate);
            DayRun r = db.inTransaction("daily rule " + rule.id() + " at " + property,
                    tx -> runDaily(tx, rule, property, businessDate, now, rerun));
            LOG.info("daily rule {} at {} for business date {} run by hand{}: {} alerts written, {} sent before", rule.id(),
                    property, businessDate, rerun ? " again" : "", r.written(), r.alreadySent());
            runs.add(r);
        }
        return new Day(closed, runs);
    }

    /** The property's business date now ({@link BusinessDates}). */
    public LocalDate businessDate(String property) {
        return dates.of(property);
    }

    private int closeStays(String property, LocalDate businessDate) {
        if (stays == null) return 0;
        try {
            return stays.close(property, businessDate);
        } catch (RuntimeException e) {
            // the day's rules still run; the scheduled pass closes them later
            LOG.warn("closing overdue stays at {} before its daily rules failed: {}", property, e.getMessage());
            return 0;
        }
    }

    /**
     * Evaluates again the arrivals of guests a merge or an unmerge changed (alert_recheck, written with the change),
     * for the stays still in house; returns the alerts written (new ones, or updates of a changed card).
     */
    public int recheck() {
        int alerts = 0;
        while (true) {
            Instant now = clock.instant();
            int[] claimed = {0};
            List<Alert> written = new ArrayList<>();
            alerts += db.inTransaction("evaluating arrivals again after a change of identity", tx -> {
                written.clear();
                AlertRechecks.Claim claim = AlertRechecks.claim(tx, SWEEP_PAGE);
                claimed[0] = claim.rowIds().size();
                int count = 0;
                Set<GuestEventType> arrivals = evaluator.watchedArrivals();
                if (claimed[0] > 0 && !arrivals.isEmpty()) {
                    Set<Long> roots = new LinkedHashSet<>(GuestClusters.liveOf(tx, claim.profiles()).values());
                    Set<Long> everyone = new LinkedHashSet<>(claim.profiles());
                    GuestClusters.members(tx, roots).values().forEach(everyone::addAll);
                    for (AlertRows.Arrival a : rows.evaluatedArrivals(tx, everyone, arrivals)) {
                        LocalDate today = evaluator.businessDate(a.event().property(),
                                rows.auditedBusinessDate(tx, a.event().property()), now);
                        if (!AlertEvaluator.stillHere(a.stayStatus(), a.stayDeparture(), today)) continue;
                        Optional<GuestEvent> locked = rows.evaluatedEvent(tx, a.event().id());
                        if (locked.isEmpty()) continue;
                        // due at once: the channels' sweeps deliver them
                        Written w = raise(tx, locked.get(), now, now);
                        count += w.alerts();
                        written.addAll(w.written());
                    }
                }
                AlertRechecks.done(tx, claim);
                return count;
            });
            written.forEach(live::publish);
            if (claimed[0] < SWEEP_PAGE) break;
        }
        if (alerts > 0) LOG.info("alerts: {} written after merges or unmerges changed who arriving guests are", alerts);
        return alerts;
    }

    private Written evaluate(Transaction tx, long eventId, Instant now, Instant firstAttempt) {
        Optional<GuestEvent> loaded = rows.unevaluatedEvent(tx, eventId);
        if (loaded.isEmpty()) return new Written(0, List.of(), List.of());
        Written out = raise(tx, loaded.get(), now, firstAttempt);
        rows.markEvaluated(tx, eventId, now);
        return out;
    }

    /** What one evaluation wrote: how many alerts, their deliveries, and the alerts (published once committed). */
    private record Written(int alerts, List<AlertOutbox.Claim> deliveries, List<Alert> written) {
    }

    /** The event's rules over its guest as the store has them now, given what they raised for it before. */
    private Written raise(Transaction tx, GuestEvent e, Instant now, Instant firstAttempt) {
        if (!evaluator.watches(e)) return new Written(0, List.of(), List.of());
        Map<String, List<Alert>> sent = rows.sent(tx, e.id());
        // evaluated again: on the date the first alert was judged on, so only what the change of identity did to the
        // card can make it differ (not a birthday or a lapse that came with the days since)
        LocalDate asOf = sent.values().stream().flatMap(List::stream).map(Alert::businessDate).filter(java.util.Objects::nonNull)
                .findFirst().orElseGet(() -> evaluator.businessDate(e, () -> rows.auditedBusinessDate(tx, e.property()), clock.instant()));
        Optional<RecognisedGuest> guest = rows.guest(tx, e.profileId(), asOf);
        if (guest.isEmpty()) return new Written(0, List.of(), List.of());
        int alerts = 0;
        List<AlertOutbox.Claim> out = new ArrayList<>();
        List<Alert> written = new ArrayList<>();
        for (AlertEvaluator.Raised r : evaluator.onEvent(e, asOf, guest.get(), now, sent)) {
            if (!keptToConsent(tx, r)) continue;
            Optional<List<AlertOutbox.Claim>> added = rows.addNew(tx, r.alert(), r.channels(), firstAttempt);
            if (added.isPresent()) {
                alerts++;
                out.addAll(added.get());
                written.add(r.alert());
            }
        }
        return new Written(alerts, out, written);
    }

    private DayRun runDaily(Transaction tx, AlertRule rule, String property, LocalDate bd, Instant now, boolean rerun) {
        if (rerun) rows.restartDailyRun(tx, rule.id(), property, bd, now);
        else rows.startDailyRun(tx, rule.id(), property, bd, now);
        LocalDate cardDate = evaluator.cardDate(rule, bd);
        List<Candidate> listed = rows.liveGuests(tx,
                evaluator.listed(rule, bd, rows.population(tx, evaluator.population(rule), property, bd)));
        int written = 0, before = 0;
        for (Candidate candidate : listed) {
            Optional<RecognisedGuest> guest = rows.guest(tx, candidate.profileId(), cardDate);
            if (guest.isEmpty()) continue;
            Optional<AlertEvaluator.Raised> raised = evaluator.onDay(rule, property, bd, candidate, guest.get(), now);
            if (raised.isEmpty() || !keptToConsent(tx, raised.get())) continue;
            if (rows.addNew(tx, raised.get().alert(), raised.get().channels(), now).isPresent()) written++;
            else before++;
        }
        rows.finishDailyRun(tx, rule.id(), property, bd, written);
        return new DayRun(rule.id(), property, bd, rerun, listed.size(), written, before);
    }

    /**
     * Records what the guest's consent stopped (the whole alert of a marketing audience, or a marketing channel's
     * delivery) in consent_refusal, once per alert and channel, with a count in the log (rule and channel names only);
     * returns whether the alert itself may be stored.
     */
    private static boolean keptToConsent(Transaction tx, AlertEvaluator.Raised r) {
        int fresh = ConsentRecords.refused(tx, r.refusals());
        if (fresh > 0) LOG.info("alerts: rule {} refused {} for want of consent ({})", r.alert().rule(),
                r.refused() ? "an alert" : fresh + " deliveries", String.join(", ", r.refusals().stream().map(x -> x.channel()).toList()));
        return !r.refused();
    }

    private boolean ran(AlertRule rule, String property, LocalDate bd) {
        return db.inTransaction("daily run bookkeeping", tx -> rows.dailyRunDone(tx, rule.id(), property, bd));
    }
}
