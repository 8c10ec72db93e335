package dev.salvo.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds httpbin-style JSON views of a request. */
final class Echo {

    private Echo() {
    }

    /** The full echo object: method, url, args, headers, origin, data, form, files, json. */
    static Map<String, Object> full(Exchange ex) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", ex.request.method().name());
        m.put("url", url(ex));
        m.put("args", multiMap(ex.query.parameters()));
        m.put("headers", headers(ex.request));
        m.put("origin", origin(ex));
        addBody(ex, m);
        return m;
    }

    /** The short echo object used by streamed lines: url, args, headers, origin. */
    static Map<String, Object> basic(Exchange ex) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url(ex));
        m.put("args", multiMap(ex.query.parameters()));
        m.put("headers", headers(ex.request));
        m.put("origin", origin(ex));
        return m;
    }

    static String url(Exchange ex) {
        String uri = ex.request.uri();
        if (!uri.startsWith("/") && uri.contains("://")) {
            return uri; // absolute-form, as sent to a proxy
        }
        return ex.scheme + "://" + host(ex) + uri;
    }

    /** The request's Host header, or the local address the request came in on. */
    static String host(Exchange ex) {
        String host = ex.request.headers().get(HttpHeaderNames.HOST);
        if (host != null && !host.isEmpty()) {
            return host;
        }
        SocketAddress local = ex.channel().localAddress();
        if (local instanceof InetSocketAddress isa) {
            String ip = isa.getAddress().getHostAddress();
            return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + isa.getPort();
        }
        return "localhost";
    }

    static String origin(Exchange ex) {
        SocketAddress remote = ex.channel().remoteAddress();
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
            return isa.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    /** Request headers under their original names; repeated headers joined with ",". */
    static Map<String, String> headers(HttpRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        req.headers().iteratorAsString().forEachRemaining(e -> out.merge(e.getKey(), e.getValue(),
                (a, b) -> a + "," + b));
        return out;
    }

    /** httpbin style: one value as a string, several as an array. */
    static Map<String, Object> multiMap(Map<String, List<String>> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.size() == 1 ? v.get(0) : new ArrayList<>(v)));
        return out;
    }

    private static void addMulti(Map<String, List<String>> map, String key, String value) {
        map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static void addBody(Exchange ex, Map<String, Object> m) {
        ByteBuf body = ex.body;
        String contentType = ex.request.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase();
        Map<String, List<String>> form = new LinkedHashMap<>();
        Map<String, List<String>> files = new LinkedHashMap<>();
        String data = "";
        Object json = null;
        if (contentType.startsWith(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString())) {
            String text = body.toString(StandardCharsets.UTF_8);
            new QueryStringDecoder(text, StandardCharsets.UTF_8, false).parameters()
                    .forEach((k, v) -> v.forEach(value -> addMulti(form, k, value)));
        } else if (contentType.startsWith(HttpHeaderValues.MULTIPART_FORM_DATA.toString())) {
            decodeMultipart(ex, form, files);
        } else {
            data = text(body);
            if (body.isReadable()) {
                json = parseJson(ex, body);
            }
        }
        m.put("data", data);
        m.put("form", multiMap(form));
        m.put("files", multiMap(files));
        m.put("json", json);
    }

    private static Object parseJson(Exchange ex, ByteBuf body) {
        try {
            JsonNode node = ex.server.json().readTree(ByteBufUtil.getBytes(body));
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private static void decodeMultipart(Exchange ex, Map<String, List<String>> form, Map<String, List<String>> files) {
        FullHttpRequest full = new DefaultFullHttpRequest(ex.request.protocolVersion(), ex.request.method(),
                ex.request.uri(), ex.body.retainedDuplicate(), ex.request.headers(), new DefaultHttpHeaders());
        HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), full,
                StandardCharsets.UTF_8, 100_000, ServerContext.MAX_AGGREGATED_BODY);
        try {
            for (InterfaceHttpData item : decoder.getBodyHttpDatas()) {
                if (item instanceof FileUpload upload) {
                    addMulti(files, upload.getName(), text(upload.getByteBuf()));
                } else if (item instanceof Attribute attribute) {
                    addMulti(form, attribute.getName(), attribute.getValue());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read multipart body", e);
        } finally {
            decoder.destroy();
            full.release();
        }
    }

    /** UTF-8 text if the bytes are valid UTF-8, else an RFC 2397 data URL (as httpbin does). */
    static String text(ByteBuf buf) {
        if (!buf.isReadable()) {
            return "";
        }
        ByteBuffer nio = buf.nioBufferCount() == 1 ? buf.nioBuffer() : ByteBuffer.wrap(ByteBufUtil.getBytes(buf));
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(nio)
                    .toString();
        } catch (CharacterCodingException e) {
            return "data:application/octet-stream;base64,"
                    + Base64.getEncoder().encodeToString(ByteBufUtil.getBytes(buf));
        }
    }
}
