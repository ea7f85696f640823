//go:build !linux

package main

import (
	"errors"
	"os/exec"
)

func startPinned(*exec.Cmd) (string, error) {
	return "", errors.New("-pin works on Linux only")
}
