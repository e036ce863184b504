package fetch

import (
	"context"
	"errors"
	"net"
	"strconv"
)

// Status names the outcome of one request in a few words fit for a metric
// label: "ok", "not_modified", the HTTP status code of a refusal ("404",
// "503"), or why no response was taken ("robots", "blocked", "too_large",
// "too_many_redirects", "bad_scheme", "timeout", "error").
func Status(resp *Response, err error) string {
	var se *StatusError
	var ne net.Error
	switch {
	case err == nil && resp != nil && resp.NotModified:
		return "not_modified"
	case err == nil:
		return "ok"
	case errors.As(err, &se):
		return strconv.Itoa(se.Code)
	case errors.Is(err, ErrRobots):
		return "robots"
	case errors.Is(err, ErrBlockedAddress):
		return "blocked"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrTooManyRedirects):
		return "too_many_redirects"
	case errors.Is(err, ErrScheme):
		return "bad_scheme"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	return "error"
}
