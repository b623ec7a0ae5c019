// Package demo does things — héllo 日本 😀.
package demo

import (
	"fmt"
	str "strings"
)

import "os"

// Greeter greets people.
// Second line of doc.
type Greeter struct {
	Name string
}

// Named is an interface.
type Named interface {
	GetName() string
}

// ID is an alias.
type ID int

// NewGreeter constructs a Greeter.
func NewGreeter(name string) *Greeter {
	return &Greeter{Name: name}
}

// Greet says hello.
func (g *Greeter) Greet(who string) string {
	s := fmt.Sprintf("Ünïcødé 😀 %s", helper(who))
	return str.ToUpper(s) + g.GetName()
}

// GetName returns the name.
func (g Greeter) GetName() string { return g.Name }

/* block comment */
func helper(s string) string {
	f := func() int { return len(s) }
	_ = os.Args
	return s + string(rune(f()))
}
