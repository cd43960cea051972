# GuestLink: build with the Maven Wrapper, run on a JRE. Routes and configuration stay files an IT team can mount.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -q -B dependency:go-offline
COPY src src
RUN ./mvnw -q -B package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /opt/guestlink
# runs as an unprivileged user: it may write only in the volumes below; the jar, routes and configuration stay root's
RUN groupadd --system --gid 10001 guestlink \
 && useradd --system --uid 10001 --gid guestlink --home-dir /opt/guestlink --no-create-home --shell /usr/sbin/nologin guestlink \
 && mkdir -p data inbox outbox && chown guestlink:guestlink data inbox outbox
COPY --from=build /src/target/guestlink.jar ./
COPY --from=build /src/target/lib ./lib
COPY routes ./routes
COPY config ./config
# Every folder GuestLink writes, each a volume: data/ holds the embedded H2 store, the generated ID-document key and
# the embedded broker's queues (data/activemq); inbox/ is where feeds drop files, with each feed's done/ (archive) and
# failed/ and the remote feeds' work files (inbox/.remote-work); outbox/ receives the file alert channel's daily lists
# (outbox/lists). Logs go to standard error (docker logs), never to a file.
VOLUME ["/opt/guestlink/data", "/opt/guestlink/inbox", "/opt/guestlink/outbox"]
USER 10001:10001
# Production: set GUESTLINK_DB_URL / GUESTLINK_DB_USER / GUESTLINK_DB_PASSWORD and GUESTLINK_IDENTITY_HMAC_KEY; every
# secret can instead come from a file, e.g. GUESTLINK_DB_PASSWORD_FILE=/run/secrets/db-password.
# Broker: data/activemq holds the embedded broker's queues; GUESTLINK_BROKER_LISTEN=tcp://0.0.0.0:61616 (and publish
# the port) lets other systems in, with GUESTLINK_BROKER_USER and GUESTLINK_BROKER_PASSWORD (required then); or
# GUESTLINK_BROKER_EMBEDDED=false with GUESTLINK_BROKER_URL, GUESTLINK_BROKER_USER and GUESTLINK_BROKER_PASSWORD uses
# the hotel's broker.
# SFTP feeds: mount the servers' host keys as config/known_hosts (guestlink.sftp.known-hosts).
# HL7 ADT over MLLP (guestlink.hl7.port); the alert outputs are configured in config/alerts.yaml.
# HTTP API, health and metrics (guestlink.http.*): bound to 127.0.0.1 unless GUESTLINK_HTTP_BIND_ADDRESS=0.0.0.0 (then
# with TLS: GUESTLINK_HTTP_TLS_KEYSTORE and GUESTLINK_HTTP_TLS_KEYSTORE_PASSWORD); the first administrator's password
# comes from GUESTLINK_HTTP_ADMIN_PASSWORD, users from config/users.yaml.
EXPOSE 2575 8080
# the heap follows the container's memory limit; override JAVA_OPTS to tune (docker run -e JAVA_OPTS=...)
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"
# readiness from inside the container (no credentials, no personal data); the JRE image has no curl, so Java asks
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-cp", "guestlink.jar", "io.guestlink.app.cli.HealthProbe"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar guestlink.jar \"$@\"", "guestlink"]
CMD ["run"]
