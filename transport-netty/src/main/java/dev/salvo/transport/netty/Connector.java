package dev.salvo.transport.netty;

import dev.salvo.spi.WireRules;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;

/**
 * Opens connections: TCP (name resolved through the JVM's resolver, so its cache and hosts file
 * apply), then TLS for https, each within the exchange's connect timeout. The pipeline is
 * {@code Connection.reads -> [tls] -> http codec -> Connection}: the first handler notes every read
 * of the socket for the read timeout ({@link Connection#reads}); no aggregator, the exchange collects
 * the body itself.
 *
 * <p>The response decoder's limits are {@link WireRules}': a status line of up to
 * {@link WireRules#MAX_STATUS_LINE_BYTES} and header fields of up to {@link WireRules#MAX_HEADER_BYTES}
 * (more is a failed head, so {@code PROTOCOL}, never an out-of-memory). Its framing rules are set
 * here rather than left to system properties a user could loosen: Transfer-Encoding with
 * Content-Length, and differing Content-Lengths, fail the head (RFC 9112 section 6.3), and a line
 * must end in CRLF. It hands the body on in pieces of up to 1 MiB (slices of what was read, not
 * copies). It does not validate header fields: core's {@code Headers} does, once, when the exchange
 * copies them, and the exchange then applies {@link WireRules#checkHead}.
 */
final class Connector {
    static final String TLS = "tls";
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(WireRules.MAX_STATUS_LINE_BYTES)
            .setMaxHeaderSize(WireRules.MAX_HEADER_BYTES)
            .setMaxChunkSize(1 << 20)
            .setUseRfc9112TransferEncoding(true)
            .setAllowDuplicateContentLengths(false)
            .setStrictLineParsing(true)
            .setValidateHeaders(false);

    private final Bootstrap template;
    private final NettyTls tls;

    Connector(Bootstrap template, NettyTls tls) {
        this.template = template;
        this.tls = tls;
    }

    /** Opens a connection in {@code host}'s slot already reserved, and starts {@code ex} on it once it is ready. */
    void open(HostPool host, Exchange ex) {
        Connection c = new Connection(host);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, ex.request.connectTimeout().toMillis()));
        ChannelFuture connect;
        try {
            connect = template.clone()
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                    .handler(new Init(c, timeoutMillis))
                    .connect(InetSocketAddress.createUnresolved(host.host, host.port));
        } catch (RuntimeException e) {
            // no channel was made (the group is shutting down): give the slot back
            host.closed(c);
            ex.connectFailed(e);
            return;
        }
        c.bind(connect.channel());
        host.pool.track(c);
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                f.channel().close();
                ex.connectFailed(f.cause());
                return;
            }
            SslHandler ssl = (SslHandler) f.channel().pipeline().get(TLS);
            if (ssl == null) {
                ex.connected(c);
                return;
            }
            ssl.handshakeFuture().addListener(hs -> {
                if (hs.isSuccess()) {
                    ex.connected(c);
                } else {
                    f.channel().close();
                    ex.connectFailed(hs.cause());
                }
            });
        });
    }

    private final class Init extends ChannelInitializer<Channel> {
        private final Connection connection;
        private final int timeoutMillis;

        Init(Connection connection, int timeoutMillis) {
            this.connection = connection;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        protected void initChannel(Channel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addLast("reads", connection.reads);
            HostPool host = connection.host;
            if (host.https) {
                p.addLast(TLS, tls.newHandler(ch.alloc(), host.host, host.port, timeoutMillis));
            }
            p.addLast("http", new HttpClientCodec(DECODER, false, false));
            p.addLast("salvo", connection);
        }
    }
}
