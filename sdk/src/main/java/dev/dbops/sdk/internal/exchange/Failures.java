package dev.dbops.sdk.internal.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.dbops.sdk.BadRequestException;
import dev.dbops.sdk.ConflictException;
import dev.dbops.sdk.DbOpsApiException;
import dev.dbops.sdk.DbOpsConnectionException;
import dev.dbops.sdk.DbOpsException;
import dev.dbops.sdk.DbOpsTimeoutException;
import dev.dbops.sdk.ForbiddenException;
import dev.dbops.sdk.MalformedResponseException;
import dev.dbops.sdk.NotFoundException;
import dev.dbops.sdk.Operation;
import dev.dbops.sdk.RateLimitedException;
import dev.dbops.sdk.ServerErrorException;
import dev.dbops.sdk.UnauthorizedException;
import dev.dbops.sdk.internal.codec.Json;
import dev.dbops.sdk.model.ErrorResponse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/** How an attempt's failure becomes the SDK's exception: error statuses, and no usable response. */
final class Failures {

    private static final int MAX_MESSAGE_CHARS = 300;
    private static final ObjectReader ERROR_BODY = Json.reader(new TypeReference<ErrorResponse>() {});

    private Failures() {
    }

    /** An error status: the exception that names it, with the server's message and request id. */
    static DbOpsApiException status(Operation op, int attempt, int status, byte[] rawBody,
                                    Map<String, List<String>> headers, Redactor redactor, Clock clock) {
        String body = rawBody == null ? "" : redactor.redact(new String(rawBody, UTF_8));
        String message = serverMessage(body);
        String id = op.id();
        return switch (status) {
            case 400 -> new BadRequestException(id, attempt, message, body, headers);
            case 401 -> new UnauthorizedException(id, attempt, message, body, headers);
            case 403 -> new ForbiddenException(id, attempt, message, body, headers);
            case 404 -> new NotFoundException(id, attempt, message, body, headers);
            case 409 -> new ConflictException(id, attempt, message, body, headers);
            case 429 -> new RateLimitedException(id, attempt, message, body, headers, retryAfter(headers, clock));
            default -> status >= 500 && status <= 599
                    ? new ServerErrorException(id, attempt, status, message, body, headers)
                    : new DbOpsApiException(id, attempt, status, message, body, headers);
        };
    }

    /** No usable response: refused, reset, timed out, interrupted, or a body that could not be read. */
    static DbOpsException transport(Operation op, String target, int attempt, Throwable cause, Redactor redactor) {
        String id = op.id();
        String detail = redactor.redact(String.valueOf(cause.getMessage()));
        Throwable chained = withoutKey(cause, redactor);
        if (cause instanceof JsonProcessingException json) {
            // Jackson quotes the value it could not read: that value may be anything the server sent.
            return new MalformedResponseException(id, attempt, id + " " + target + " failed: the response body is not"
                    + " the expected JSON (" + redactor.redact(json.getOriginalMessage()) + ")", chained);
        }
        BoundedBody.TooLarge tooLarge = find(cause, BoundedBody.TooLarge.class);
        if (tooLarge != null) {
            return new MalformedResponseException(id, attempt, id + " " + target + " failed: " + tooLarge.getMessage(), chained);
        }
        if (isInterrupt(cause)) {
            return new DbOpsConnectionException(id, attempt, id + " " + target + " was interrupted", chained);
        }
        String attempts = " (" + attempt + (attempt == 1 ? " attempt)" : " attempts)");
        if (cause instanceof HttpTimeoutException) {
            String what = cause instanceof HttpConnectTimeoutException ? "connecting" : "waiting for the response";
            return new DbOpsTimeoutException(id, attempt, id + " " + target + " timed out " + what + attempts, chained);
        }
        return new DbOpsConnectionException(id, attempt, id + " " + target + " failed: "
                + cause.getClass().getSimpleName() + ": " + detail + attempts, chained);
    }

    /** Connection refused, or not established in time: the request never reached the server. */
    static boolean cannotHaveReachedServer(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
    }

    static boolean isInterrupt(Throwable cause) {
        return cause instanceof InterruptedException || Thread.currentThread().isInterrupted();
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(Map<String, List<String>> headers, Clock clock) {
        String value = null;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Retry-After") && !header.getValue().isEmpty()) {
                value = header.getValue().get(0).trim();
                break;
            }
        }
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** The {@code message} of a JSON error body; otherwise the start of the body as text. */
    static String serverMessage(String body) {
        if (body.isBlank()) {
            return "";
        }
        try {
            ErrorResponse error = ERROR_BODY.readValue(body);
            if (error != null && error.getMessage() != null) {
                return error.getMessage();
            }
        } catch (IOException notJson) {
            // fall through: a proxy's HTML page or plain text
        }
        String text = body.strip().replaceAll("\\s+", " ");
        return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "…" : text;
    }

    /**
     * The cause to chain. Jackson quotes the offending input in its messages and the JDK quotes
     * the bytes it could not read as a status line: a body that echoes the API key put the key
     * into the cause, and so into every logged stack trace. Such a cause is replaced by a plain
     * IOException with the key redacted and the same stack.
     */
    private static Throwable withoutKey(Throwable cause, Redactor redactor) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (redactor.reveals(String.valueOf(t.getMessage()))) {
                IOException safe = new IOException(cause.getClass().getName() + ": " + redactor.redact(cause.getMessage()));
                safe.setStackTrace(cause.getStackTrace());
                return safe;
            }
        }
        return cause;
    }

    private static <E extends Throwable> E find(Throwable cause, Class<E> type) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
