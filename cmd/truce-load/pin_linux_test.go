package main

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestStartPinned: a process started pinned runs on the last CPU alone
// and this process's threads on the others; with fewer than two CPUs
// -pin is refused, naming why, and nothing is started.
func TestStartPinned(t *testing.T) {
	all, _, _, err := splitCPUs()
	t.Cleanup(func() { pinThreads(&all) })
	cmd := exec.Command("sleep", "60")
	if all.Count() < 2 {
		if _, err := startPinned(cmd); err == nil || !strings.Contains(err.Error(), "at least two CPUs") || cmd.Process != nil {
			t.Fatalf("on %d CPU: %v, started %v", all.Count(), err, cmd.Process != nil)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	procs := runtime.GOMAXPROCS(0)
	t.Cleanup(func() { runtime.GOMAXPROCS(procs) })
	said, err := startPinned(cmd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	var cpus []int
	for c := range len(all) * 64 {
		if all.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	last := cpus[len(cpus)-1]
	var child unix.CPUSet
	if err := unix.SchedGetaffinity(cmd.Process.Pid, &child); err != nil {
		t.Fatal(err)
	}
	if child.Count() != 1 || !child.IsSet(last) {
		t.Errorf("the server may run on CPUs %s, want %d alone", cpuList(&child), last)
	}
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		tid, _ := strconv.Atoi(task.Name())
		var mine unix.CPUSet
		if unix.SchedGetaffinity(tid, &mine) != nil {
			continue // the thread has ended
		}
		if mine.IsSet(last) || mine.Count() != len(cpus)-1 {
			t.Errorf("thread %d of the load generator may run on CPUs %s, want all but %d", tid, cpuList(&mine), last)
		}
	}
	if os.Getenv("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) != len(cpus)-1 {
		t.Errorf("the load generator's GOMAXPROCS is %d, want %d", runtime.GOMAXPROCS(0), len(cpus)-1)
	}
	if !strings.Contains(said, "the server on CPU "+strconv.Itoa(last)) {
		t.Errorf("it says %q", said)
	}
}
