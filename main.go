// Command odx is a terminal explorer for OData services, first of all the
// ERP.net Domain API reached with the OAuth2 client-credentials grant.
//
//	odx [flags]              open the explorer on the active profile
//	odx --demo               open the explorer on an embedded demo instance
//	odx token|sets|get|metadata ...
//	odx demo [--addr A]      serve the demo instance alone
//	odx hash-secret          print base64(sha256(secret)) for ApplicationSecretHash
//
// The command line lives in internal/cli; main only hands it the process.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/odx-dev/odx/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	cli.Version = version
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
