package io.guestlink.app.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpComponentConfigurer;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpEndpointConfigurer;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.MllpSocketBuffer;
import org.apache.camel.component.mllp.internal.TcpServerConsumerValidationRunnable;
import org.apache.camel.spi.PropertyConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * camel-mllp (4.17) with PHI logging off and one defect worked around: a frame larger than maxBufferSize that arrives
 * while a new connection is first read (TcpServerConsumerValidationRunnable) throws IllegalStateException out of
 * that runnable, which neither closes the socket nor answers, so the sender waits forever and the socket leaks
 * (found by Hl7BadInputIT). Here that first read runs guarded: any failure resets the connection, as camel-mllp
 * itself does for the same failure later in a connection's life. Everything else is camel-mllp's own code.
 * Hl7BadInputIT's oversized frame fails if either guard goes.
 */
public final class GuardedMllpComponent extends MllpComponent {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedMllpComponent.class);

    public GuardedMllpComponent() {
        setLogPhi(false);
    }

    // Camel finds generated configurers by class name; a subclass must name camel-mllp's, or URI options such as
    // maxBufferSize (which exist only on the configuration object) are refused as unknown
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new MllpComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new MllpEndpointConfigurer();
    }

    /** camel-mllp's endpoint, configured by camel-mllp, re-created as the guarded endpoint on the same configuration. */
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MllpEndpoint plain = (MllpEndpoint) super.createEndpoint(uri, remaining, parameters);
        MllpEndpoint guarded = new GuardedEndpoint(uri, this, plain.getConfiguration());
        guarded.setHostname(plain.getHostname());
        guarded.setPort(plain.getPort());
        guarded.setCharsetName(plain.getCharsetName());
        return guarded;
    }

    private static final class GuardedEndpoint extends MllpEndpoint {
        GuardedEndpoint(String uri, MllpComponent component, MllpConfiguration configuration) {
            super(uri, component, configuration);
            // MllpEndpoint keeps configuration.copy(), which forgets these three (the size limit among them)
            getConfiguration().setMaxBufferSize(configuration.getMaxBufferSize());
            getConfiguration().setMinBufferSize(configuration.getMinBufferSize());
            getConfiguration().setLenientBind(configuration.isLenientBind());
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            Consumer consumer = new GuardedConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
    }

    private static final class GuardedConsumer extends MllpTcpServerConsumer {
        private final ExecutorService firstReads = Executors.newCachedThreadPool();

        GuardedConsumer(MllpEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        public void validateConsumer(Socket socket) {
            MllpSocketBuffer buffer = new MllpSocketBuffer(getEndpoint());
            TcpServerConsumerValidationRunnable firstRead = new TcpServerConsumerValidationRunnable(this, socket, buffer);
            try {
                firstReads.submit(() -> {
                    try {
                        firstRead.run();
                    } catch (RuntimeException e) {
                        // the only message text here is camel-mllp's (sizes), never the frame's content
                        LOG.warn("MLLP connection from {} reset: {}", socket.getRemoteSocketAddress(), e.getMessage());
                        buffer.resetSocket(socket);
                    }
                });
            } catch (RejectedExecutionException e) {
                buffer.resetSocket(socket);
            }
        }

        @Override
        protected void doShutdown() throws Exception {
            super.doShutdown();
            firstReads.shutdownNow();
        }
    }
}
