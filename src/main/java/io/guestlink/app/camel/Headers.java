package io.guestlink.app.camel;

/**
 * Every message header (and exchange property) GuestLink sets or reads, documented once. The routes in
 * {@code routes/*.camel.yaml} use the same names as plain text ({@code ${header.GuestLinkSource}}), so a value here
 * never changes without the routes; Camel's own headers ({@code Exchange.FILE_NAME}, camel-sql's, camel-mllp's) are
 * used by their constants and not repeated here.
 */
public final class Headers {
    private Headers() {
    }

    // ---- file import (routes/file-import.camel.yaml, ImportEndpoint) ------------------------------------------

    /** The feed id (a file in config/sources/) the file or poll belongs to; set by the route, read by the endpoints. */
    public static final String SOURCE = "GuestLinkSource";
    /** The file name it is archived under (done/, failed/) and its rejects CSV is named after. */
    public static final String ARCHIVE_NAME = "GuestLinkArchiveName";
    /** Why the import is being retried (ImportRetries): noted on the run, and kept beside DONE once it resumed. */
    public static final String RETRY_NOTE = "GuestLinkRetryNote";
    /** An inbox feed's failed/ folder: where a file that does not fit its feed goes (ImportEndpoint.moveToFailed). */
    public static final String FAILED_DIR = "GuestLinkFailedDir";
    /** Where the archived file and its rejects CSV go (a file: or remote URI); absent: no rejects file is written. */
    public static final String ARCHIVE_URI = "GuestLinkArchiveUri";
    /** SHA-256 of the file's content (hex): the same content under another name is a duplicate. */
    public static final String SHA256 = "GuestLinkSha256";
    /** {@code <feed>:<sha256>}: the key of the JDBC idempotent repository. */
    public static final String FILE_KEY = "GuestLinkFileKey";
    /** The temporary rejects CSV (a Path) of the run, when rows were rejected; deleted when the exchange is done. */
    public static final String REJECTS_FILE = "GuestLinkRejectsFile";
    /** The journal's run id (long) of this file, also for a duplicate. */
    public static final String RUN_ID = "GuestLinkRunId";
    /** The run's status: DONE, FAILED, DUPLICATE ... as the journal shows it. */
    public static final String STATUS = "GuestLinkStatus";
    /** The run's {@code ImportSummary} (counts, rejects file), absent for a duplicate. */
    public static final String SUMMARY = "GuestLinkSummary";

    // ---- database feeds (routes/database-poll.camel.yaml, PollEndpoint) ---------------------------------------

    /** The legacy database's clock (epoch seconds, camel-sql's output header) at the start of the poll. */
    public static final String DB_CLOCK = "GuestLinkDbClock";
    /** The watermark the poll's query starts from. */
    public static final String POLL_FROM = "GuestLinkFrom";
    /** What the poll did ({@code PollImporter.PollResult}). */
    public static final String POLL_RESULT = "GuestLinkPollResult";

    // ---- guest events: JSON on the broker and HL7 over MLLP (JsonEventEndpoint, Hl7Endpoint) --------------------

    /**
     * The stored guest_event id (long). Set by the intake routes when a message stored an event (the HL7 route only
     * for a new one, not for a duplicate); read by the alert fast path on direct:guest-event-stored.
     */
    public static final String EVENT_ID = "GuestLinkEventId";
    /** True when the event was applied before (same source and message id): nothing changed. */
    public static final String DUPLICATE = "GuestLinkDuplicate";
    /** The event's type (ARRIVAL, CHECK_IN ...). */
    public static final String EVENT_TYPE = "GuestLinkEventType";
    /** Why a message went to the dead-letter queue; kept beside its unchanged body. */
    public static final String ERROR = "GuestLinkError";
    /** The JSON path or field the dead-letter reason is about, when there is one. */
    public static final String ERROR_FIELD = "GuestLinkErrorField";
    /**
     * Why applying an event failed for a reason that is not the event's (the store is down), for the route's log line:
     * the failure's kind, or with guestlink.log.phi=true its own text (which may quote the event's values).
     */
    public static final String FAILURE = "GuestLinkFailure";
    /** The HL7 ACK code answered: AA, AE or AR. */
    public static final String ACK_CODE = "GuestLinkAckCode";

    // ---- alerts (routes/alerts.camel.yaml, AlertEndpoint) ------------------------------------------------------

    /** The alert channel (a name in config/alerts.yaml) a sweep or delivery route works for. */
    public static final String CHANNEL = "GuestLinkChannel";
    /** On a topic channel's message: the alert's id (also a JMS property for subscribers to filter on). */
    public static final String ALERT_ID = "GuestLinkAlertId";
    /** On a topic channel's message: the rule that fired. */
    public static final String ALERT_RULE = "GuestLinkRule";
    /** On a topic channel's message: who the alert is for (front desk, restaurant ...). */
    public static final String ALERT_AUDIENCE = "GuestLinkAudience";
    /** On a topic channel's message: the property (hotel), when the alert has one. */
    public static final String ALERT_PROPERTY = "GuestLinkProperty";
    /**
     * On a topic channel's message that re-sends an event's alert because a merge or an unmerge changed its card: the
     * id of the first alert, which this one replaces (absent on a first alert).
     */
    public static final String ALERT_UPDATES = "GuestLinkUpdates";
    /** On a topic channel's message: {@code guest} or {@code operational} (a file in failed/, a poll error ...). */
    public static final String ALERT_KIND = "GuestLinkAlertKind";
    /** A failed file import's reason with quoted values and long numbers hidden (for the log; `runs` has it whole). */
    public static final String FAIL_REASON = "GuestLinkFailReason";

    /** Exchange property, not a header: the fast path's jobs between evaluation and the hand-off to the channels. */
    public static final String ALERT_JOBS = "GuestLinkAlertJobs";
    /** Exchange property, not a header: the delivery job being sent ({@code AlertEndpoint.Job}). */
    public static final String ALERT_JOB = "GuestLinkAlertJob";
    /** Exchange property, not a header: when the attempt started (an Instant), recorded with its outcome. */
    public static final String ALERT_STARTED = "GuestLinkAlertStarted";

    // ---- HTTP API (routes/api.camel.yaml, ApiAccess) ------------------------------------------------------------

    /** Exchange property: the authenticated {@link io.guestlink.access.Principal} of an API request (never a header,
     *  which a client could send). */
    public static final String PRINCIPAL = "GuestLinkPrincipal";
}
