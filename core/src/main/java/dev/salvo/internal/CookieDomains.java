package dev.salvo.internal;

import com.google.common.net.InternetDomainName;
import java.net.URI;
import java.util.Locale;

/**
 * The domain rules of a cookie jar: the request host in canonical form, IP addresses, domain
 * matching (RFC 6265 5.1.3) and public suffixes, which come from Guava's copy of the Public
 * Suffix List (ICANN and private sections both, as browsers use it: {@code com}, {@code co.uk},
 * {@code github.io}). A name the list does not know with a single label ({@code localhost},
 * {@code test}) counts as a public suffix too, the list's implicit "*" rule, so that
 * {@code Domain=test} set by {@code a.test} cannot reach {@code b.test}.
 */
final class CookieDomains {
    private CookieDomains() {
    }

    /** The host of {@code uri} in lower case without IPv6 brackets, or "" when it has none. */
    static String host(URI uri) {
        String h = uri.getHost();
        if (h == null) {
            return "";
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code host} is an IP address: IPv6 (has a colon) or IPv4 in any of the forms URL
     * parsers accept, which all end in a numeric label ({@code 127.0.0.1}, {@code 0x7f.1}).
     */
    static boolean isIpAddress(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String last = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        last = last.substring(last.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (last.startsWith("0x") || last.startsWith("0X")) {
            return last.chars().skip(2).allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return last.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * RFC 6265 5.1.3: {@code host} equals {@code domain} or is a subdomain of it; an IP address
     * only ever equals.
     */
    static boolean domainMatches(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        return host.length() > domain.length() && host.endsWith(domain)
                && host.charAt(host.length() - domain.length() - 1) == '.' && !isIpAddress(host);
    }

    /**
     * Whether a Domain attribute of {@code domain} would share cookies across registrants: it is
     * on the public suffix list, has a single label, or is not a well-formed domain name (nothing
     * can then be known of it).
     */
    static boolean isPublicSuffix(String domain) {
        if (domain.indexOf('.') < 0) {
            return true;
        }
        try {
            return InternetDomainName.from(domain).isPublicSuffix();
        } catch (IllegalArgumentException notADomainName) {
            return true;
        }
    }

    /**
     * The registrable domain ("eTLD+1") of a cookie domain or host, the unit a browser counts
     * cookies in: {@code www.example.co.uk} and {@code example.co.uk} are both
     * {@code example.co.uk}. A public suffix or IP address is its own site; a name under a suffix
     * the list does not know takes its last two labels (the implicit "*" rule).
     */
    static String site(String domain) {
        if (isIpAddress(domain)) {
            return domain;
        }
        try {
            InternetDomainName name = InternetDomainName.from(domain);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            if (name.isPublicSuffix()) {
                return domain;
            }
        } catch (IllegalArgumentException notADomainName) {
            // fall through to the implicit rule
        }
        int last = domain.lastIndexOf('.');
        int previous = last <= 0 ? -1 : domain.lastIndexOf('.', last - 1);
        return previous < 0 ? domain : domain.substring(previous + 1);
    }
}
