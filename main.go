// Command odx is a terminal explorer for OData services, first of all the
// ERP.net Domain API reached with the OAuth2 client-credentials grant.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "odx: under construction")
	os.Exit(1)
}
