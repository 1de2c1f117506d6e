// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * "Raw" Netty 4.2: the HTTP codec and one handler, no aggregator, on NIO or native epoll, default
 * event-loop count. Responses are written without flushing and flushed once per read batch, so
 * pipelined requests leave in one write; the Date header is reformatted once a second. This is the
 * ceiling a JVM HTTP/1.1 server can reach here, not what an application framework costs.
 */
final class NettyPeer {
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(Hello.BYTES.length).writeBytes(Hello.BYTES).asReadOnly());
    private static final AsciiString PLAIN = AsciiString.cached(Hello.TEXT_PLAIN);
    private static final AsciiString SERVER = AsciiString.cached("netty");
    private static volatile AsciiString date = formatDate();

    private NettyPeer() {}

    static String start(String host, int port, boolean epoll) throws Exception {
        if (epoll && !Epoll.isAvailable()) {
            throw new IllegalStateException("native epoll is not available here", Epoll.unavailabilityCause());
        }
        IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, ioFactory);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioFactory);
        boss.scheduleAtFixedRate(() -> date = formatDate(), 1, 1, TimeUnit.SECONDS);
        Channel server = new ServerBootstrap()
                .group(boss, workers)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                })
                .bind(host, port).sync().channel();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().syncUninterruptibly();
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }));
        return "netty=" + io.netty.util.Version.identify().get("netty-codec-http") + " transport="
                + (epoll ? "epoll" : "nio");
    }

    private static AsciiString formatDate() {
        return new AsciiString(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    /** One per connection: answers /plaintext at once, collects /echo bodies until their last part. */
    private static final class Handler extends ChannelInboundHandlerAdapter {
        private CompositeByteBuf echo;
        private boolean echoKeepAlive;
        private CharSequence echoType;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest req) {
                    onRequest(ctx, req);
                }
                if (msg instanceof HttpContent part && echo != null) {
                    echo.addComponent(true, part.content().retain());
                    if (part instanceof LastHttpContent) {
                        CompositeByteBuf body = echo;
                        echo = null;
                        respond(ctx, HttpResponseStatus.OK, body, echoType, echoKeepAlive);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (req.decoderResult().isFailure()) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER, PLAIN, false);
            } else if (Hello.PLAINTEXT.equals(req.uri()) && HttpMethod.GET.equals(req.method())) {
                respond(ctx, HttpResponseStatus.OK, HELLO.duplicate(), PLAIN, keepAlive);
            } else if (Hello.ECHO.equals(req.uri()) && HttpMethod.POST.equals(req.method())) {
                String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
                echoType = type != null ? type : HttpHeaderValues.APPLICATION_OCTET_STREAM;
                echoKeepAlive = keepAlive;
                echo = ctx.alloc().compositeBuffer();
            } else {
                respond(ctx, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER, PLAIN, keepAlive);
            }
        }

        private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, ByteBuf body,
                                    CharSequence type, boolean keepAlive) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, false);
            HttpHeaders h = res.headers();
            h.set(HttpHeaderNames.CONTENT_TYPE, type);
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            h.set(HttpHeaderNames.SERVER, SERVER);
            h.set(HttpHeaderNames.DATE, date);
            if (keepAlive) {
                ctx.write(res, ctx.voidPromise()); // flushed in channelReadComplete
            } else {
                h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (echo != null) {
                echo.release();
                echo = null;
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
