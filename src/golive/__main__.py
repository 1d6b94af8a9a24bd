from golive.cli import main

main()
