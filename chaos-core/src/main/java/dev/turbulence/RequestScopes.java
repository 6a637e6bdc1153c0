package dev.turbulence;

import dev.turbulence.schema.Limits;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed chaos context a request carries in the {@value #HEADER} header: the names of request-scoped assaults and
 * an expiry, signed with HMAC-SHA256 under a secret the services of one call chain share. Its text is {@code
 * v1:<expiry, epoch seconds>:<names, comma-separated>:<signature, base64url>}, at most {@value #MAX_LENGTH}
 * characters, expiring at most 12 hours ahead. A context that is malformed, forged, expired or too long is ignored:
 * {@link #read} says why, and nothing applies. Forwarded only to the hosts allowed, unchanged. Immutable and
 * thread-safe; {@link #NONE} reads nothing and forwards nothing.
 */
public final class RequestScopes {

    /** The header that carries the chaos context. */
    public static final String HEADER = "Turbulence-Chaos";

    /** The longest context read. */
    public static final int MAX_LENGTH = 1024;

    /** The shortest secret accepted, in bytes of its UTF-8 form. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String VERSION = "v1";

    /** The furthest ahead a context may expire, in seconds: an assault's longest lifetime. */
    private static final long MAX_AHEAD = Limits.MAX_LIFETIME.toSeconds();

    /** Request scopes off: no context is read or forwarded. */
    public static final RequestScopes NONE = new RequestScopes(null, List.of(), Clock.systemUTC());

    private final SecretKeySpec key;
    private final List<Glob> forwardHosts;
    private final Clock clock;

    private RequestScopes(SecretKeySpec key, List<Glob> forwardHosts, Clock clock) {
        this.key = key;
        this.forwardHosts = List.copyOf(forwardHosts);
        this.clock = clock;
    }

    /**
     * Request scopes under {@code secret}, forwarded to the hosts {@code forwardHosts} match (globs over host names,
     * such as {@code *.internal}; none when empty).
     *
     * @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public static RequestScopes of(String secret, Collection<String> forwardHosts, Clock clock) {
        byte[] bytes = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a request-scope secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, but was " + bytes.length + " bytes");
        }
        return new RequestScopes(
                new SecretKeySpec(bytes, "HmacSHA256"),
                forwardHosts.stream().map(Glob::of).toList(),
                Objects.requireNonNull(clock, "clock"));
    }

    /** Whether request scopes are off ({@link #NONE}): no context is read or forwarded. */
    public boolean isOff() {
        return key == null;
    }

    /**
     * The context that lets {@code assaults} apply to one request until {@code expiresAt}, for a test, a load
     * generator or a tool to put in the {@value #HEADER} header.
     *
     * @throws IllegalArgumentException when a name is not an assault name, none is given, the expiry is not ahead or
     *     more than 12 hours ahead, or the context would be longer than {@value #MAX_LENGTH}
     * @throws IllegalStateException on {@link #NONE}
     */
    public String sign(Collection<String> assaults, Instant expiresAt) {
        if (isOff()) {
            throw new IllegalStateException("request scopes are off: no secret to sign with");
        }
        if (assaults.isEmpty() || !assaults.stream().allMatch(Limits::isName)) {
            throw new IllegalArgumentException(
                    "assaults must be one or more assault names (" + Limits.NAME_PATTERN + "), but was " + assaults);
        }
        long ahead = secondsAhead(expiresAt.getEpochSecond());
        if (ahead <= 0 || ahead > MAX_AHEAD) {
            throw new IllegalArgumentException("expiresAt must be "
                    + (ahead <= 0 ? "ahead of now" : "at most 12 hours ahead") + ", but was " + expiresAt);
        }
        String signed = VERSION + ":" + expiresAt.getEpochSecond() + ":" + String.join(",", assaults);
        String token = signed + ":" + signature(signed);
        if (token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "the context must be at most " + MAX_LENGTH + " characters, but was " + token.length());
        }
        return token;
    }

    /**
     * What the context {@code token} lets apply. Never throws for any input.
     *
     * @param token the header's value; {@code null} when the request has none
     * @return the scope, or why the context was ignored; {@link Reading#ABSENT} without a context or on {@link #NONE}
     */
    public Reading read(String token) {
        if (token == null || isOff()) {
            return Reading.ABSENT;
        }
        if (token.length() > MAX_LENGTH) {
            return Reading.ignored("too long");
        }
        int last = token.lastIndexOf(':');
        String[] parts = last < 0 ? new String[0] : token.substring(0, last).split(":", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !parts[1].matches("[0-9]{1,12}")) {
            return Reading.ignored("malformed");
        }
        if (!MessageDigest.isEqual(
                signature(token.substring(0, last)).getBytes(StandardCharsets.US_ASCII),
                token.substring(last + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Reading.ignored("bad signature");
        }
        long expiry = Long.parseLong(parts[1]);
        long ahead = secondsAhead(expiry);
        if (ahead <= 0 || ahead > MAX_AHEAD) {
            return Reading.ignored(ahead <= 0 ? "expired" : "expires too far ahead");
        }
        Set<String> names = new LinkedHashSet<>(List.of(parts[2].split(",", -1)));
        if (!names.stream().allMatch(Limits::isName)) {
            return Reading.ignored("malformed");
        }
        return new Reading(new RequestScope(names, Instant.ofEpochSecond(expiry), token), null);
    }

    /**
     * The context to add to an outgoing request to {@code host}: the one bound to the calling thread, when that host
     * is allowed; otherwise {@code null}, and the request goes without.
     */
    public String forwardedTo(String host) {
        if (forwardHosts.isEmpty()) {
            return null;
        }
        RequestScope scope = RequestScope.current();
        if (scope == null || host == null) {
            return null;
        }
        for (Glob allowed : forwardHosts) {
            if (allowed.matches(host)) {
                return scope.token();
            }
        }
        return null;
    }

    /** How far {@code epochSecond} lies ahead of now, in seconds; zero or less when it has passed. */
    private long secondsAhead(long epochSecond) {
        return epochSecond - clock.instant().getEpochSecond();
    }

    private String signature(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", unavailable);
        }
    }

    /**
     * What a request's context lets apply: a scope, or the reason it was ignored, or neither when the request
     * carried none.
     */
    public record Reading(RequestScope scope, String ignoredBecause) {

        /** The request carried no context. */
        public static final Reading ABSENT = new Reading(null, null);

        static Reading ignored(String reason) {
            return new Reading(null, reason);
        }
    }
}
