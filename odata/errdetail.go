package odata

import (
	"encoding/json"
	"strings"
)

// innerError is the part of a v4 error's innererror odx reads: its
// message, nested internalexception messages (Dataverse, SAP, ASP.NET)
// and v2's errordetails (SAP Gateway). Stack traces, types and the rest
// are never read.
type innerError struct {
	Message           json.RawMessage `json:"message"`
	InternalException *innerError     `json:"internalexception"`
	ErrorDetails      []struct {
		Message json.RawMessage `json:"message"`
	} `json:"errordetails"`
}

// detailMessages returns the further messages of a JSON error body b,
// each on one line, without msg (the main message) or repeats: the
// details' messages, then innererror's (and its internalexceptions').
func detailMessages(b []byte, msg string) []string {
	var body struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(b, &body) != nil || len(body.Error) == 0 || body.Error[0] != '{' {
		return nil
	}
	var obj struct {
		Details []struct {
			Message json.RawMessage `json:"message"`
		} `json:"details"`
		InnerError *innerError `json:"innererror"`
	}
	if json.Unmarshal(body.Error, &obj) != nil {
		return nil
	}
	seen := map[string]bool{strings.ToLower(strings.TrimRight(msg, ". ")): true}
	var out []string
	add := func(r json.RawMessage) {
		m := oneLine(rawText(r), maxMessage)
		k := strings.ToLower(strings.TrimRight(m, ". "))
		if k == "" || seen[k] || len(out) >= 8 {
			return
		}
		seen[k] = true
		out = append(out, m)
	}
	for _, d := range obj.Details {
		add(d.Message)
	}
	for in, depth := obj.InnerError, 0; in != nil && depth < 8; in, depth = in.InternalException, depth+1 {
		add(in.Message)
		for _, d := range in.ErrorDetails {
			add(d.Message)
		}
	}
	return out
}
