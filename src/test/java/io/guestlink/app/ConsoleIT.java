package io.guestlink.app;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.guestlink.access.Role;
import io.guestlink.alert.Alert;
import io.guestlink.config.Settings;
import io.guestlink.identity.match.Decision;
import io.guestlink.identity.match.FieldComparison;
import io.guestlink.identity.match.MatchResult;
import io.guestlink.store.ReviewQueue;
import io.guestlink.testing.Alerting;
import io.guestlink.testing.ApiClient;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser (Debian's headless Chromium driven by chromedriver through Selenium) against the
 * real application (HTTP API, MLLP listener, alert rules, the demo files imported): each role sees only its pages;
 * the front desk finds Mr. Yu (于明) by "yu ming" and by his phone written another way, reads his card (table W2 and
 * his usual order), watches him appear on the arrivals board within a second of his check-in over MLLP without
 * reloading, writes an allergy that the card and the next arrival's alert then carry; a supervisor decides a review
 * item and undoes a merge; an operator reads a run's rejected rows and the alerts. Screenshots of every page go to
 * target/console-screenshots/ (docs/console/ holds copies).
 */
class ConsoleIT {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SHOTS = Path.of("target/console-screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The story's functional deadline: the restaurant sees the arrival within a second of the check-in. */
    static final Duration DEADLINE = Duration.ofSeconds(1);
    /** The arrival rule's second channel is a webhook nobody listens on: its delivery fails, operations may retry it. */
    static final Map<String, String> HOOK_ENV = Map.of("GUESTLINK_TEST_HOOK_SECRET", "console-test-hook-secret-32-bytes!");
    static final String ALERTS = """
            properties: [BKK01]
            delivery:
              leaseMs: 60000
              eventGraceMs: 500
            channels:
              topic: { type: activemq-topic, destination: %1$s }
              hook: { type: webhook, url: "http://127.0.0.1:%2$d/hook", secretEnv: GUESTLINK_TEST_HOOK_SECRET, timeoutMs: 1000 }
            rules:
              - id: returning-guest-arrival
                on: [CHECKED_IN]
                when: { minStayNumber: 2 }
                audience: restaurant
                channels: [topic, hook]
            """;

    @TempDir
    static Path tmp;
    static TestApp app;
    static ApiClient api;
    static String base;
    static int hl7Port;
    static String broker;
    static long yu;
    WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        int http = FreePorts.any();
        hl7Port = FreePorts.any();
        broker = "tcp://127.0.0.1:" + FreePorts.any();
        Map<String, String> env = new java.util.HashMap<>(ApiClient.env());
        env.putAll(HOOK_ENV);
        app = Alerting.app(tmp, ALERTS.formatted(Alerting.TOPIC, FreePorts.any()), env).settings(ApiClient.settings(tmp, http))
                .settings(Map.of(Settings.HL7_ENABLED.key(), "true", Settings.HL7_PORT.key(), String.valueOf(hl7Port),
                        Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1", Settings.HL7_PHONE_REGION.key(), "TH",
                        Settings.LINK_INTERVAL.key(), "3600000", Settings.ARRIVAL_LINK_BUDGET.key(), "5000",
                        Settings.BROKER_LISTEN.key(), broker))
                .start();
        for (String feed : List.of("opera-reservations", "night-audit-folio", "pos-tickets", "cn-pms-guests")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo", feed))) {
                for (Path f : files.filter(p -> !p.toString().endsWith(".txt")).toList()) app.importFile(feed, f);
            }
        }
        // a reservation row with a birth date in a format the feed does not read yet: one rejected row for operations
        Alerting.reservations(app, "R900,G900,SMITH/ANNA MS,14.03.1980,,,BKK01,2026-01-10,2026-01-12,0301,CHECKED_OUT\n");
        app.app.linking().drain();
        app.app.remembering().drain(); // guest memory (the segments' counts and lists) of the imported guests
        yu = app.app.profiles().bySourceRecord("OPERA", "RESERVATION", "548213907").orElseThrow();
        api = new ApiClient(http);
        api.awaitReady();
        base = "http://127.0.0.1:" + http;
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-GB", "--no-first-run", "--disable-extensions");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        // Debian's chromedriver, never a download: with the driver and the browser named, Selenium Manager is not asked
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) browser.quit();
    }

    // ---------- the tests ----------

    @Test
    void eachRoleSeesOnlyThePagesItMay() throws Exception {
        Map<Role, List<String>> pages = Map.of(
                Role.FRONT_DESK, List.of("lookup", "arrivals"),
                Role.OUTLET, List.of("lookup", "arrivals"),
                Role.SUPERVISOR, List.of("lookup", "arrivals", "desk", "segments"),
                Role.OPERATOR, List.of("ops", "dates", "segments", "deadletters"),
                Role.PRIVACY_OFFICER, List.of("lookup"),
                Role.ADMIN, List.of("lookup", "arrivals", "desk", "ops", "dates", "segments", "deadletters"));
        browser.get(base + "/console/");
        shoot("sign-in");
        for (Role role : Role.values()) {
            signIn(role);
            assertThat(visiblePages()).as("pages offered to " + role.id()).containsExactlyElementsOf(pages.get(role));
            for (String page : List.of("lookup", "arrivals", "desk", "ops", "dates", "segments", "deadletters")) {
                if (pages.get(role).contains(page)) continue;
                browser.get(base + "/console/#/" + page);
                Wait.until(role.id() + " refused " + page, WAIT, () -> !browser.findElements(By.id("forbidden")).isEmpty(),
                        () -> browser.findElement(By.id("main")).getText());
            }
            signOut();
        }
        // what the page hides, the API refuses: an operator's session may not read a card, and without the CSRF
        // header a session may not change anything
        var session = signInOverHttp("front-desk");
        assertThat(cookieCall("GET", "/api/v1/runs", session, null, null).statusCode()).isEqualTo(403);
        assertThat(cookieCall("POST", "/api/v1/guests/" + yu + "/notes", session, null, "{\"kind\":\"note\",\"text\":\"x\"}")
                .statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(cookieCall("POST", "/api/v1/guests/" + yu + "/notes", session, "wrong", "{\"kind\":\"note\",\"text\":\"x\"}")
                .statusCode()).as("another CSRF token").isEqualTo(403);
        assertThat(cookieCall("GET", "/api/v1/guests/" + yu + "/card", session, null, null).statusCode()).isEqualTo(200);
        assertThat(cookieCall("DELETE", "/api/v1/session", session, session.csrf(), null).statusCode()).isEqualTo(200);
        assertThat(cookieCall("GET", "/api/v1/guests/" + yu + "/card", session, null, null).statusCode())
                .as("signed out").isEqualTo(401);
    }

    @Test
    void theFrontDeskFindsMrYuSeesHimArriveLiveAndWritesWhatItLearns() throws Exception {
        browser.get(base + "/console/");
        signIn(Role.FRONT_DESK);

        // look-up as you type: by his name read in Latin, and by his phone written another way
        List<WebElement> found = lookup("yu ming");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getAttribute("href")).endsWith("#/card/" + yu);
        Wait.until("the result's card line", WAIT, () -> browser.findElement(By.id("lookup-results")).getText().contains("W2"));
        shoot("lookup");
        assertThat(lookup("0066 81 234 5678")).extracting(e -> e.getAttribute("href")).containsExactly(base + "/console/#/card/" + yu);

        // his card: the usual table and order, his names in the script they were written in
        lookup("yu ming").get(0).click();
        WebElement usual = Wait.forValue("the card's usual table", WAIT, () -> first(By.id("card-usual")));
        assertThat(usual.getText()).contains("W2").contains("Club Sandwich + Coffee + Fried Egg").contains("CAFE");
        assertThat(browser.findElement(By.id("card-name")).getText()).contains("Mr. Yu").contains("于先生");
        assertThat(browser.findElement(By.cssSelector(".names")).getText()).contains("于明");
        shoot("card");

        // the arrivals board, live: he checks in over MLLP and appears without the page being loaded again
        browser.get(base + "/console/#/arrivals");
        WebElement property = Wait.forValue("the arrivals page", WAIT, () -> first(By.id("arrivals-property")));
        property.clear();
        property.sendKeys("BKK01");
        browser.findElement(By.id("arrivals-show")).click();
        Wait.until("the event stream connected", WAIT, () -> browser.findElement(By.id("arrivals-live")).getText().startsWith("Live"));
        ((JavascriptExecutor) browser).executeScript("window.guestlinkNotReloaded = true;");
        long ackAt = checkIn("CON-A01-1", "CT55001", "CT2612101", "1208");
        Wait.until("room 1208 on the board", WAIT, () -> boardRooms().contains("1208"), () -> "board: " + boardRooms());
        Duration seen = Duration.ofNanos(System.nanoTime() - ackAt);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.guestlinkNotReloaded === true;"))
                .as("the board updated in place, the page was not loaded again").isEqualTo(true);
        assertThat(seen).as("on the board %d ms after the check-in's ACK", seen.toMillis()).isLessThanOrEqualTo(DEADLINE);
        assertThat(browser.findElement(By.id("banner")).getText()).contains("Mr. Yu").contains("W2");
        assertThat(browser.findElement(By.id("arrivals-table")).getText()).contains("Club Sandwich");
        shoot("arrivals");

        // staff add what they learn: an allergy, on the card with its provenance
        browser.get(base + "/console/#/card/" + yu);
        Wait.forValue("the card", WAIT, () -> first(By.id("note-kind")));
        new Select(browser.findElement(By.id("note-kind"))).selectByValue("allergy");
        browser.findElement(By.id("note-text")).sendKeys("peanuts");
        browser.findElement(By.id("note-save")).click();
        Wait.until("the allergy on the card", WAIT, () -> text(By.id("card-allergies")).contains("peanuts"));
        assertThat(text(By.id("card-allergies"))).contains("console");
        assertThat(text(By.id("notes-list"))).contains("peanuts").contains("front-desk").contains("console");
        new Select(browser.findElement(By.id("note-kind"))).selectByValue("complaint");
        browser.findElement(By.id("note-text")).sendKeys("coffee served cold");
        browser.findElement(By.id("note-save")).click();
        Wait.until("the complaint on the card", WAIT, () -> text(By.id("card-complaints")).contains("coffee served cold"));
        shoot("card-notes");
        assertThat(app.count("SELECT COUNT(*) FROM source_record WHERE system = 'console'")).isEqualTo(2);

        // and in the alert of his next arrival (the board hears it too)
        browser.get(base + "/console/#/arrivals");
        Wait.until("the event stream connected again", WAIT, () -> text(By.id("arrivals-live")).startsWith("Live"));
        int before = app.topicMessages.size();
        checkIn("CON-A01-2", "CT55002", "CT2612102", "1210");
        Alert next = Wait.forValue("the next arrival's alert", WAIT, () -> app.topicMessages.size() > before
                ? Alert.fromJson(app.topicMessages.get(app.topicMessages.size() - 1).substring(0,
                app.topicMessages.get(app.topicMessages.size() - 1).lastIndexOf("\n#"))) : null);
        assertThat(next.card().allergies()).extracting(a -> a.text() + "/" + a.source()).containsExactly("peanuts/console");
        assertThat(next.text()).containsIgnoringCase("peanuts");
        Wait.until("the banner tells the next arrival with the allergy", WAIT,
                () -> text(By.id("banner")).toLowerCase().contains("peanuts"));

        // in Chinese: the same card, the labels switched
        browser.get(base + "/console/#/card/" + yu);
        Wait.forValue("the card", WAIT, () -> first(By.id("card-usual")));
        browser.findElement(By.id("lang")).click();
        Wait.until("the labels in Chinese", WAIT, () -> text(By.id("card-allergies")).contains("过敏"));
        assertThat(text(By.id("card-usual"))).contains("W2").contains("常坐餐桌");
        shoot("card-zh");
        browser.findElement(By.id("lang")).click();
        Wait.until("the labels in English", WAIT, () -> text(By.id("nav")).contains("Arrivals"));
        signOut();
    }

    @Test
    void aSupervisorDecidesAReviewItemAndUndoesAMerge() throws Exception {
        long anna = app.app.profiles().byKey("SRC:OPERA:100517").orElseThrow();
        long review = app.app.database().inTransaction("test: a possible duplicate", tx -> {
            ReviewQueue.queue(tx, Math.min(yu, anna), Math.max(yu, anna), new MatchResult(9.5, Decision.REVIEW,
                    List.of(new FieldComparison("birthDate", "different", -3.0, null)), "test"));
            return ReviewQueue.open(tx, 10).stream().filter(r -> r.profileA() == Math.min(yu, anna)).findFirst().orElseThrow().id();
        });
        browser.get(base + "/console/");
        signIn(Role.SUPERVISOR);
        browser.get(base + "/console/#/desk");
        WebElement item = Wait.forValue("the review item", WAIT, () -> first(By.cssSelector("[data-review='" + review + "']")));
        assertThat(item.findElements(By.cssSelector(".side"))).hasSize(2);
        assertThat(item.getText()).contains("birthDate").contains("9.50").contains("于明");
        shoot("desk");
        item.findElement(By.cssSelector(".decide-same")).click();
        Wait.until("decided", WAIT, () -> item.getText().contains("Decided"));
        assertThat(app.app.desk().merges(yu)).anySatisfy(m -> assertThat(m.rule()).isEqualTo("review"));

        WebElement profile = browser.findElement(By.id("merge-profile"));
        profile.clear();
        profile.sendKeys(Long.toString(anna));
        browser.findElement(By.id("merge-show")).click();
        Wait.until("the merge with its evidence", WAIT, () -> text(By.id("merges")).contains("review"));
        WebElement merge = browser.findElements(By.cssSelector(".merge")).stream()
                .filter(m -> m.getText().contains("review")).findFirst().orElseThrow();
        assertThat(merge.getText()).contains("birthDate");
        shoot("desk-merges");
        merge.findElement(By.cssSelector(".undo")).click();
        Wait.until("undone", WAIT, () -> text(By.id("merges")).contains("undone")); // the list is drawn again
        assertThat(app.app.desk().merges(anna)).filteredOn(m -> m.rule().equals("review")).allSatisfy(m -> assertThat(m.unmergedAt()).isNotNull());
        signOut();
    }

    @Test
    void anOperatorFindsARejectedRowAndReprocessesItAfterTheMappingIsFixed() throws Exception {
        browser.get(base + "/console/");
        signIn(Role.OPERATOR);
        Wait.until("the feeds with their state", WAIT, () -> text(By.id("feeds")).contains("opera-reservations"));
        WebElement button = Wait.forValue("a run with rejected rows", WAIT, () -> first(By.cssSelector("#runs tr:has(.show-rejects) .show-rejects")));
        shoot("operations");
        List<WebElement> runs = browser.findElements(By.cssSelector("#runs .show-rejects"));
        runs.get(0).click(); // newest first: the res run with the birth date
        WebElement rejects = Wait.forValue("the rejected rows", WAIT, () -> first(By.id("rejects-table")));
        assertThat(rejects.getText()).contains("guest.birthDate").contains("14.03.1980");
        shoot("operations-rejects");
        rejects.findElement(By.cssSelector(".reprocess")).click();
        Wait.until("rejected again before the fix", WAIT, () -> text(By.id("rejects-table")).contains("REJECTED"));

        // the IT person teaches the feed the date format; the running service is not restarted
        Path feed = tmp.resolve("sources/res.yaml");
        Files.writeString(feed, Files.readString(feed).replace("kind: reservation\n", "kind: reservation\ndateFormats: [yyyy-MM-dd, dd.MM.yyyy]\n"));
        button = Wait.forValue("the run's rejects again", WAIT, () -> first(By.cssSelector("#runs .show-rejects")));
        button.click();
        Wait.until("the reprocess button back", WAIT, () -> first(By.cssSelector("#rejects-table .reprocess")) != null);
        browser.findElement(By.cssSelector("#rejects-table .reprocess")).click();
        Wait.until("imported after the fix", WAIT, () -> text(By.id("rejects-table")).contains("IMPORTED"), () -> text(By.id("rejects-table")));
        assertThat(app.count("SELECT COUNT(*) FROM stay WHERE confirmation_no = 'R900'")).isEqualTo(1);
        signOut();
    }

    @Test
    void anOperatorReadsTheBusinessDatesAndTheSegmentsAndExportsAListAsCsv() throws Exception {
        String expected = null; // what the API says, the page must show
        for (var d : api.json("/api/v1/business-dates", ApiClient.as(Role.OPERATOR)).get("items"))
            if (d.get("property").asText().equals("BKK01")) expected = d.get("businessDate").asText();
        assertThat(expected).as("BKK01 has a business date").matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(api.json("/api/v1/segments?property=BKK01", ApiClient.as(Role.OPERATOR)).get("items").size())
                .as("guest memory computed for BKK01").isPositive();
        browser.get(base + "/console/");
        signIn(Role.OPERATOR);
        browser.get(base + "/console/#/dates");
        WebElement row = Wait.forValue("BKK01's business date", WAIT, () -> first(By.cssSelector("#dates-table tr[data-property='BKK01']")),
                () -> text(By.id("main")));
        assertThat(row.findElement(By.cssSelector(".business-date")).getText()).isEqualTo(expected);
        shoot("business-dates");

        // the counts per property, then one filter's guests
        browser.get(base + "/console/#/segments");
        WebElement counts = Wait.forValue("the segment counts", WAIT, () -> first(By.cssSelector("#segments-counts-table tr[data-property='BKK01']")),
                () -> text(By.id("main")) + "\n" + browserLog() + shotOnFailure("segments-failed"));
        List<WebElement> cells = counts.findElements(By.tagName("td"));
        assertThat(Long.parseLong(cells.get(0).getText())).as("BKK01's guests").isPositive();
        WebElement property = browser.findElement(By.id("segments-property"));
        property.clear();
        property.sendKeys("BKK01");
        browser.findElement(By.id("segments-list")).click();
        Wait.until("every BKK01 guest listed", WAIT, () -> text(By.id("segments-count")).contains("listed"), () -> text(By.id("segment-guests")));
        WebElement yuRow = Wait.forValue("Mr. Yu in the list", WAIT, () -> first(By.xpath("//table[@id='segments-table']//tr[td/a[@href='#/card/" + yu + "']]")));
        String lifecycle = yuRow.findElements(By.tagName("td")).get(3).getText();
        String lifecycleValue = Map.of("Prospect", "PROSPECT", "First-timer", "FIRST_TIMER", "Repeat", "REPEAT", "Lapsed", "LAPSED").get(lifecycle);
        assertThat(lifecycleValue).as("a lifecycle shown: " + lifecycle).isNotNull();
        // the filter: his lifecycle only, listed with the keyboard (Enter on the button)
        new Select(browser.findElement(By.id("segments-lifecycle"))).selectByValue(lifecycleValue);
        browser.findElement(By.id("segments-list")).sendKeys(org.openqa.selenium.Keys.ENTER);
        Wait.until("the filtered list", WAIT, () -> first(By.cssSelector("#segments-table")) != null
                && browser.findElements(By.cssSelector("#segments-table .segment-guest")).stream()
                .allMatch(r -> r.findElements(By.tagName("td")).get(3).getText().equals(lifecycle)));
        assertThat(text(By.id("segments-table"))).contains(String.valueOf(yu));
        shoot("segments");

        // the CSV: the link's address fetched with nothing but the browser's session cookie
        WebElement link = browser.findElement(By.id("segments-csv"));
        assertThat(link.getAttribute("href")).contains("format=csv").contains("lifecycle=" + lifecycleValue).contains("property=BKK01");
        String csv = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], { credentials: 'same-origin' }).then(r => r.text().then(t => done(r.status + ' ' + r.headers.get('content-type') + '\\n' + t)))"
                        + ".catch(e => done('failed ' + e));", link.getAttribute("href"));
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("200 text/csv");
        assertThat(lines.get(1)).isEqualTo("profileId,name,property,lifecycle,stays,lastDeparture,lapsedOn,birthday,vip,rfm,lifetimeValue");
        assertThat(lines.subList(2, lines.size())).anySatisfy(l -> assertThat(l).startsWith(yu + ",").contains(",BKK01," + lifecycleValue + ","));
        String href = link.getAttribute("href");
        signOut();
        // signed out, the same address is refused: the export carries the session, nothing else
        String after = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0], { credentials: 'same-origin', "
                        + "headers: { 'X-Requested-With': 'guestlink-console' } }).then(r => done(String(r.status)));", href);
        assertThat(after).isEqualTo("401");
    }

    @Test
    void anOperatorSeesADeadLetteredEventWithItsReasonAndReprocessesIt() throws Exception {
        String wrongType = EventMessages.reservation("con-bad-1", "guest.checked_in", "CON-R9", ", \"adults\": \"two\"");
        try (QueueClient pms = new QueueClient(broker)) {
            pms.send(BrokerEventsIT.QUEUE, wrongType);
        }
        Wait.until("the refusal journaled", WAIT,
                () -> app.count("SELECT COUNT(*) FROM refused_message WHERE channel = 'jms' AND message_id = 'con-bad-1'") == 1);
        browser.get(base + "/console/");
        signIn(Role.OPERATOR);
        browser.get(base + "/console/#/deadletters");
        WebElement row = Wait.forValue("the dead-lettered event", WAIT,
                () -> browser.findElements(By.cssSelector("#deadletters-table .dead-letter")).stream()
                        .filter(r -> r.getText().contains("con-bad-1")).findFirst().orElse(null), () -> text(By.id("main")));
        assertThat(row.findElement(By.cssSelector(".reason")).getText()).contains("$.reservation.adults").contains("integer expected");
        assertThat(row.getText()).as("masked").doesNotContain("YU/MING").doesNotContain("yu.ming").contains("OPERA");
        shoot("dead-letters");
        row.findElement(By.cssSelector(".reprocess")).click();
        WebElement outcome = Wait.forValue("the reprocess answer", WAIT, () -> first(By.cssSelector("#deadletters-table .outcome")));
        // the event itself is wrong ("two" adults): reprocessing cannot fix it, the answer says so and it stays refused
        Wait.until("the answer shown", WAIT, () -> !outcome.getText().isBlank());
        assertThat(outcome.getText()).contains("integer expected");
        assertThat(app.count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'con-bad-1'")).isZero();
        signOut();
    }

    @Test
    void anOperatorReplaysAFeedWatchesItsRunEndAndRetriesAnAlert() throws Exception {
        checkIn("CON-A01-9", "CT55009", "CT2612109", "1214");
        Wait.until("the arrival's webhook delivery failed", WAIT, () -> app.count("SELECT COUNT(*) FROM alert_delivery WHERE channel = 'hook' "
                + "AND status <> 'DELIVERED' AND attempts > 0") > 0);
        browser.get(base + "/console/");
        signIn(Role.OPERATOR);
        WebElement replay = Wait.forValue("the feed's replay button", WAIT, () -> first(By.cssSelector("#feeds tr[data-feed='opera-reservations'] .replay")),
                () -> text(By.id("main")));
        assertThat(replay.getAttribute("aria-label")).isEqualTo("Replay feed opera-reservations");
        replay.sendKeys(org.openqa.selenium.Keys.ENTER); // the keyboard, as a person without a mouse
        WebElement progress = browser.findElement(By.cssSelector("#feeds tr[data-feed='opera-reservations'] .replay-progress"));
        Wait.until("the replay's run done", WAIT, () -> progress.getText().contains("DONE"), progress::getText);
        assertThat(progress.getText()).matches("Run \\d+: DONE · \\d+ rows .*").contains("rejected");
        shoot("operations-replay");

        WebElement retry = Wait.forValue("an alert's retry button", WAIT, () -> first(By.cssSelector("#alerts tr[data-alert] .retry")));
        WebElement row = retry.findElement(By.xpath("./ancestor::tr"));
        assertThat(row.getText()).contains("hook");
        retry.click();
        Wait.until("the retry's answer", WAIT, () -> row.getText().contains("deliveries due now"), () -> row.getText() + "\n" + browserLog());
        assertThat(row.getText()).containsPattern("[1-9]\\d* deliveries due now");
        signOut();
    }

    // ---------- the browser ----------

    private void signIn(Role role) throws Exception {
        WebElement user = Wait.forValue("the sign-in form", WAIT, () -> first(By.id("signin-user")), this::browserLog);
        user.clear();
        user.sendKeys(role == Role.ADMIN ? "admin" : role.id());
        browser.findElement(By.id("signin-password")).sendKeys(role == Role.ADMIN ? ApiClient.ADMIN_PASSWORD : ApiClient.PASSWORD);
        browser.findElement(By.id("signin-submit")).click();
        Wait.until(role.id() + " signed in", WAIT, () -> text(By.id("who")).startsWith(role == Role.ADMIN ? "admin" : role.id()),
                () -> text(By.id("main")));
    }

    private void signOut() throws Exception {
        browser.findElement(By.id("signout")).click();
        Wait.forValue("the sign-in form", WAIT, () -> first(By.id("signin-user")));
    }

    /** What the page's script logged (errors included), for a failure message. */
    private String browserLog() {
        StringBuilder out = new StringBuilder("browser log:");
        browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(e -> out.append("\n  ").append(e.getLevel()).append(' ').append(e.getMessage()));
        return out.toString();
    }

    private List<String> visiblePages() {
        List<String> out = new ArrayList<>();
        for (WebElement a : browser.findElements(By.cssSelector("#nav a"))) if (a.isDisplayed()) out.add(a.getAttribute("data-page"));
        return out;
    }

    private List<WebElement> lookup(String text) throws Exception {
        browser.get(base + "/console/#/lookup");
        WebElement q = Wait.forValue("the look-up field", WAIT, () -> first(By.id("lookup-q")));
        q.clear();
        // typed key by key, as a person does: the results follow
        for (char c : text.toCharArray()) q.sendKeys(String.valueOf(c));
        // the list answers the whole text, not a part of it typed earlier (a machine under load lets the page search
        // before the last key, then draw the list again)
        Wait.until("results for the whole look-up text", WAIT, () -> text.equals(attribute(By.id("lookup-results"), "data-query"))
                && text(By.id("lookup-count")).contains("found"));
        return browser.findElements(By.cssSelector("#lookup-results a.guest"));
    }

    private List<String> boardRooms() {
        List<String> out = new ArrayList<>();
        try {
            for (WebElement td : browser.findElements(By.cssSelector("#arrivals-table td.room"))) out.add(td.getText());
        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return List.of(); // the board is being drawn again (an arrival came): asked again
        }
        return out;
    }

    private WebElement first(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The element's text, or "" while it is absent or being drawn again (the page re-renders after a change). */
    private String text(By by) {
        try {
            WebElement e = first(by);
            return e == null ? "" : e.getText();
        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return "";
        }
    }

    /** An attribute of the element, or null while it is absent or being drawn again. */
    private String attribute(By by, String name) {
        try {
            WebElement e = first(by);
            return e == null ? null : e.getAttribute(name);
        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return null;
        }
    }

    private String shotOnFailure(String name) {
        try {
            shoot(name);
            return "\n(screenshot " + SHOTS.resolve(name + ".png") + ")";
        } catch (Exception x) {
            return "\n(no screenshot: " + x + ")";
        }
    }

    private void shoot(String page) throws Exception {
        Files.write(SHOTS.resolve(page + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    // ---------- HTTP and HL7 beside the browser ----------

    record CookieSession(String cookie, String csrf) {
    }

    private static CookieSession signInOverHttp(String user) throws Exception {
        HttpResponse<String> r = api.send("POST", "/api/v1/session", null, "{\"user\":\"" + user + "\",\"password\":\"" + ApiClient.PASSWORD + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        return new CookieSession(setCookie.substring(0, setCookie.indexOf(';')), ApiClient.parse(r.body()).get("csrfToken").asText());
    }

    private static HttpResponse<String> cookieCall(String method, String path, CookieSession s, String csrf, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", s.cookie())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An ADT^A01 from the Chinese channel's interface over MLLP (a real HAPI client): his name in Han script, a guest
     * key never seen, the mobile written as a local number, the stay from today for three nights. Returns when the AA
     * came (System.nanoTime()).
     */
    private static long checkIn(String controlId, String guestKey, String confirmation, String room) throws Exception {
        ZonedDateTime now = ZonedDateTime.now();
        String ts = now.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ"));
        String a01 = String.join("\r",
                "MSH|^~\\&|CTRIP|BKK01|GL|GL|" + ts + "||ADT^A01^ADT_A01|" + controlId + "|P|2.5|||||CHN|UNICODE UTF-8",
                "EVN|A01|" + ts,
                "PID|1||" + guestKey + "^^^CTRIP^PI||于^明||19780314|M|||||081-234-5678",
                "PV1|1|I|^" + room + "^^BKK01||||||||||||||||" + confirmation + "|||||||||||||||||||||||||" + ts + "|"
                        + LocalDate.now().plusDays(3).format(DateTimeFormatter.BASIC_ISO_DATE));
        try (var hapi = new DefaultHapiContext()) {
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            hapi.setLowerLayerProtocol(new MinLowerLayerProtocol(true));
            var connection = hapi.newClient("127.0.0.1", hl7Port, false);
            try {
                var ack = connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(a01));
                long at = System.nanoTime();
                assertThat(new Terser(ack).get("/MSA-1")).as("ACK of " + controlId).isEqualTo("AA");
                return at;
            } finally {
                connection.close();
            }
        }
    }
}
