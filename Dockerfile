# Byline: a static, non-root image (see README, "Container").
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /byline . \
 && mkdir -p /data/.byline && cp -r seeds /data/seeds

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /byline /usr/local/bin/byline
# The user nonroot (65532) must own what Byline writes: .byline holds the
# index, byline.db, fetched articles and the local socket.
COPY --from=build --chown=nonroot:nonroot /data /data
WORKDIR /data
ENV HTTP_ADDR=0.0.0.0:9090
EXPOSE 9090
HEALTHCHECK CMD ["/usr/local/bin/byline", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/byline"]
