from healthassets.cli import main

main()
