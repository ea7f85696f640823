package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// splitCPUs divides the CPUs this process may run on: the last for the
// server, the others for the load generator.
func splitCPUs() (all, server, load unix.CPUSet, err error) {
	if err := unix.SchedGetaffinity(0, &all); err != nil {
		return all, server, load, fmt.Errorf("-pin: reading this process's CPUs: %w", err)
	}
	var cpus []int
	for c := range len(all) * 64 {
		if all.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	if len(cpus) < 2 {
		return all, server, load, fmt.Errorf("-pin needs at least two CPUs; this process may use %d", len(cpus))
	}
	server.Set(cpus[len(cpus)-1])
	for _, c := range cpus[:len(cpus)-1] {
		load.Set(c)
	}
	return all, server, load, nil
}

// pinThreads puts every thread of this process on set. A thread made
// while a pass runs inherits the set of the thread that made it, which
// the pass may not have reached yet: a second pass catches it.
func pinThreads(set *unix.CPUSet) error {
	for range 2 {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return err
		}
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil {
				continue
			}
			if err := unix.SchedSetaffinity(tid, set); err != nil && !errors.Is(err, unix.ESRCH) {
				return fmt.Errorf("-pin: setting thread %d's CPUs: %w", tid, err)
			}
		}
	}
	return nil
}

// startPinned starts cmd on the last of this process's CPUs and moves
// this process to the others, so that the server and its load do not
// take turns on the same cores. The child inherits the CPUs of the
// thread that starts it, which are the server's while it starts: its
// Go runtime then sizes GOMAXPROCS to them. It returns what to print.
func startPinned(cmd *exec.Cmd) (string, error) {
	_, server, load, err := splitCPUs()
	if err != nil {
		return "", err
	}
	if err := pinThreads(&server); err != nil {
		return "", err
	}
	startErr := cmd.Start()
	if err := pinThreads(&load); err != nil {
		if startErr == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		return "", err
	}
	if startErr != nil {
		return "", startErr
	}
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(load.Count())
	}
	return fmt.Sprintf("pinned: the server on CPU %s, the load generator on CPUs %s", cpuList(&server), cpuList(&load)), nil
}

func cpuList(set *unix.CPUSet) string {
	s := ""
	for c := range len(set) * 64 {
		if set.IsSet(c) {
			if s != "" {
				s += ","
			}
			s += strconv.Itoa(c)
		}
	}
	return s
}
