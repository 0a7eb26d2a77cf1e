package dev.senechal.gw.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the daemon's logging (SPEC §9): one JSON object per line on stdout with {@code
 * timestamp}, {@code level}, {@code component}, {@code plugin}, {@code job_id}, {@code message}
 * and any key-value fields; or a plain text line for humans. Only the launcher does this; the
 * engine is a library and never touches logging configuration.
 */
final class LogSetup {
  private LogSetup() {}

  static void configure(String format, String level) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    Encoder<ILoggingEvent> encoder =
        "text".equals(format) ? textEncoder(context) : jsonEncoder(context);
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stdout");
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
    root.addAppender(appender);
    // Libraries speak only when something is wrong.
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    context.getLogger("io.javalin").setLevel(Level.WARN);
    context.getLogger("org.jdbi").setLevel(Level.WARN);
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    LogstashFieldNames names = encoder.getFieldNames();
    names.setTimestamp("timestamp");
    names.setLogger("component");
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    names.setThread("[ignore]");
    encoder.setShortenedLoggerNameLength(0);
    encoder.setTimeZone("UTC");
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(
        "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0}"
            + "%replace( [%X{plugin} %X{job_id}]){' \\[ \\]', ''} %msg%n");
    encoder.start();
    return encoder;
  }
}
