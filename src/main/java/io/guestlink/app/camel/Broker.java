package io.guestlink.app.camel;

import io.guestlink.config.Settings;
import io.guestlink.config.ConfigurationException;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The message broker GuestLink consumes events from and publishes alerts to: by default an ActiveMQ broker inside
 * the process (KahaDB persistence, so queued events survive a restart); by configuration an external one reached
 * over OpenWire. Either way Camel's {@code activemq} component uses one pooled connection factory whose redelivery
 * policy backs off when processing fails. As a Camel service it starts before the routes and stops after them.
 */
public final class Broker extends ServiceSupport {
    /** ActiveMQ's own dead-letter queues, for messages that kept failing: DLQ.guestlink.events. */
    public static final String BROKER_DLQ_PREFIX = "DLQ.";

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    private final String url;
    private final BrokerService embedded;
    private final JmsPoolConnectionFactory pool;

    private Broker(String url, BrokerService embedded, JmsPoolConnectionFactory pool) {
        this.url = url;
        this.embedded = embedded;
        this.pool = pool;
    }

    /** Checks the settings and prepares (does not start) the broker and the connection factory. */
    public static Broker of(Settings s) {
        String url = s.get(Settings.BROKER_URL).trim();
        String user = blankToNull(s.get(Settings.BROKER_USER));
        String password = blankToNull(s.get(Settings.BROKER_PASSWORD));
        BrokerService embedded = s.getFlag(Settings.BROKER_EMBEDDED) ? embedded(s, url, user, password) : null;

        ActiveMQConnectionFactory amq = new ActiveMQConnectionFactory(user, password, url);
        RedeliveryPolicy redelivery = amq.getRedeliveryPolicy();
        redelivery.setMaximumRedeliveries(s.getInt(Settings.BROKER_REDELIVERIES));
        redelivery.setInitialRedeliveryDelay(s.getInt(Settings.BROKER_REDELIVERY_DELAY));
        redelivery.setRedeliveryDelay(s.getInt(Settings.BROKER_REDELIVERY_DELAY));
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(s.getInt(Settings.BROKER_REDELIVERY_MAX_DELAY));
        amq.setTrustedPackages(List.of()); // events are JSON text: no Java object is ever deserialised from the wire
        amq.setWatchTopicAdvisories(false);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(amq);
        return new Broker(url, embedded, pool);
    }

    private static BrokerService embedded(Settings s, String url, String user, String password) {
        String name = embeddedName(url);
        Path dataDir = s.path(Settings.BROKER_DATA_DIR).toAbsolutePath();
        BrokerService b = new BrokerService();
        b.setBrokerName(name);
        b.setUseJmx(s.getFlag(Settings.BROKER_JMX));
        b.setUseShutdownHook(false); // stopped after Camel, never before it by the JVM's own hook
        b.setPersistent(true);
        b.setDataDirectoryFile(dataDir.toFile());
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(dataDir.resolve("kahadb").toFile());
        try {
            b.setPersistenceAdapter(kahaDb);
        } catch (java.io.IOException e) {
            throw new ConfigurationException(List.of(Settings.BROKER_DATA_DIR.key() + " = '" + dataDir + "': " + e.getMessage()));
        }
        b.setDestinationPolicy(deadLetterPolicy());
        String listen = s.get(Settings.BROKER_LISTEN).trim();
        if (!listen.isEmpty() && (user == null || password == null))
            // a listening broker without authentication would accept any client on the network
            throw new ConfigurationException(List.of(Settings.BROKER_LISTEN.key() + " = '" + listen + "': a broker that "
                    + "listens admits only GuestLink's broker user; set " + Settings.BROKER_USER.envName() + " and "
                    + Settings.BROKER_PASSWORD.envName() + " (or " + Settings.BROKER_PASSWORD.envName() + Settings.FILE_SUFFIX
                    + ") in the environment, or leave " + Settings.BROKER_LISTEN.key() + " empty (in-JVM only)"));
        if (user != null) {
            b.setPlugins(new BrokerPlugin[]{new BrokerPassword(user, password)});
        }
        if (!listen.isEmpty()) {
            try {
                b.addConnector(listen);
            } catch (Exception e) {
                throw new ConfigurationException(List.of(Settings.BROKER_LISTEN.key() + " = '" + listen + "': " + e.getMessage()));
            }
        }
        return b;
    }

    /** The embedded broker's name is the host of the vm:// URL clients use to reach it. */
    static String embeddedName(String url) {
        try {
            URI uri = new URI(url);
            if ("vm".equals(uri.getScheme()) && uri.getHost() != null) return uri.getHost();
        } catch (java.net.URISyntaxException e) {
            // not a URI at all: the same answer as any other URL that is not vm://<name>
        }
        throw new ConfigurationException(List.of(Settings.BROKER_URL.key() + " = '" + url + "': with "
                + Settings.BROKER_EMBEDDED.key() + "=true GuestLink reaches its own broker as vm://<broker name> "
                + "(e.g. vm://guestlink?create=false); other systems connect through " + Settings.BROKER_LISTEN.key()
                + ". For an external broker set " + Settings.BROKER_EMBEDDED.key() + "=false"));
    }

    /**
     * Messages that failed every redelivery go to DLQ.&lt;queue&gt; (not ActiveMQ's shared ActiveMQ.DLQ), so the
     * events a broken store could not take sit apart from other systems' and can be moved back as they are.
     */
    private static PolicyMap deadLetterPolicy() {
        IndividualDeadLetterStrategy dlq = new IndividualDeadLetterStrategy();
        dlq.setQueuePrefix(BROKER_DLQ_PREFIX);
        dlq.setUseQueueForQueueMessages(true);
        dlq.setProcessNonPersistent(true);
        PolicyEntry all = new PolicyEntry();
        all.setQueue(">");
        all.setDeadLetterStrategy(dlq);
        PolicyMap map = new PolicyMap();
        map.setDefaultEntry(all);
        return map;
    }

    /** Camel's activemq component on the shared pool; routes (events in, alerts out) all use it. */
    public ActiveMQComponent component() {
        ActiveMQComponent c = new ActiveMQComponent();
        c.setConnectionFactory(pool);
        return c;
    }

    public JmsPoolConnectionFactory connectionFactory() {
        return pool;
    }

    /** The embedded broker, or null when GuestLink uses an external one. */
    public BrokerService embedded() {
        return embedded;
    }

    @Override
    protected void doStart() throws Exception {
        if (embedded != null) {
            embedded.start();
            embedded.waitUntilStarted();
            LOG.info("embedded ActiveMQ broker '{}' started, persistence in {}{}", embedded.getBrokerName(),
                    embedded.getDataDirectoryFile(), embedded.getTransportConnectors().isEmpty() ? ""
                            : ", OpenWire on " + embedded.getTransportConnectors().get(0).getPublishableConnectString());
        } else {
            LOG.info("using the external broker at {}", withoutQuery(url));
        }
        pool.start();
    }

    @Override
    protected void doStop() throws Exception {
        pool.stop();
        if (embedded != null) {
            embedded.stop();
            embedded.waitUntilStopped();
            LOG.info("embedded ActiveMQ broker '{}' stopped", embedded.getBrokerName());
        }
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
