package main

import (
	"fmt"
	"os"
)

func main() {
	host, _ := os.Hostname()
	_ = host
	fmt.Println("greetings from go")
}
